package wires_test

import (
	"bufio"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/wires"
)

type copyText struct{ story, agency, text string }

// loadCorpus reads testdata/similar/corpus.txt: "## <story> <agency>"
// headers, each followed by its text.
func loadCorpus(t testing.TB) []copyText {
	t.Helper()
	f, err := os.Open("testdata/similar/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []copyText
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "## "):
			fields := strings.Fields(line[3:])
			out = append(out, copyText{story: fields[0], agency: fields[1]})
		case line == "" || strings.HasPrefix(line, "#"):
		case len(out) > 0:
			out[len(out)-1].text += line + " "
		}
	}
	return out
}

type scoredPair struct {
	sim  float64
	same bool
	a, b string
}

func corpusPairs(t testing.TB) []scoredPair {
	corpus := loadCorpus(t)
	fps := make([]uint64, len(corpus))
	for i, c := range corpus {
		fps[i] = wires.Fingerprint(c.text)
	}
	var pairs []scoredPair
	for i := range corpus {
		for j := i + 1; j < len(corpus); j++ {
			pairs = append(pairs, scoredPair{
				sim:  wires.Similarity(fps[i], fps[j]),
				same: corpus[i].story == corpus[j].story && !strings.HasPrefix(corpus[i].story, "x"),
				a:    corpus[i].story + corpus[i].agency, b: corpus[j].story + corpus[j].agency,
			})
		}
	}
	return pairs
}

// TestNearDuplicateThreshold prints precision and recall of "same story"
// over every pair of the corpus (20 stories in three agency versions in
// English, Spanish, French and Arabic, and 13 unrelated stories on the
// same topics), and holds NearDuplicate to what the table showed.
//
// Why NearDuplicate is where it is: grouping a different story under
// another (a false positive) misleads the editor, while missing a
// rewording only shows one more item, so the threshold is the lowest one
// with no false positive on this corpus: 50/64, one bit above the most
// similar unrelated pair (49/64). Higher thresholds lose recall fast
// (52/64 finds 57% of rewordings, 54/64 40%); lower ones group unrelated
// stories (48/64: 2 of 56 groups wrong). A 64-bit SimHash of a 60-word
// text is noisy (two unrelated texts differ in 32 ± 4 bits), so heavier
// rewordings are missed by design and left to the editor.
func TestNearDuplicateThreshold(t *testing.T) {
	pairs := corpusPairs(t)
	var pos, neg []float64
	for _, p := range pairs {
		if p.same {
			pos = append(pos, p.sim)
		} else {
			neg = append(neg, p.sim)
		}
	}
	sort.Float64s(pos)
	sort.Float64s(neg)
	t.Logf("%d same-story pairs: min %.3f median %.3f; %d other pairs: median %.3f max %.3f",
		len(pos), pos[0], pos[len(pos)/2], len(neg), neg[len(neg)/2], neg[len(neg)-1])
	t.Logf("threshold  precision  recall  (tp fp fn)")
	for bitsOff := 24; bitsOff >= 4; bitsOff -= 2 {
		th := 1 - float64(bitsOff)/64
		tp, fp, fn := confusion(pairs, th)
		mark := ""
		if th == wires.NearDuplicate {
			mark = "  <- NearDuplicate"
		}
		t.Logf("%.4f     %.3f      %.3f   (%d %d %d)%s", th, precision(tp, fp), float64(tp)/float64(tp+fn), tp, fp, fn, mark)
	}
	for _, p := range pairs {
		if !p.same && p.sim >= wires.NearDuplicate-0.05 {
			t.Logf("closest unrelated: %s ~ %s %.3f", p.a, p.b, p.sim)
		}
	}
	tp, fp, fn := confusion(pairs, wires.NearDuplicate)
	if fp != 0 {
		t.Errorf("NearDuplicate %.4f groups %d unrelated pairs", wires.NearDuplicate, fp)
	}
	if recall := float64(tp) / float64(tp+fn); recall < 0.7 {
		t.Errorf("NearDuplicate %.4f finds only %.0f%% of rewordings", wires.NearDuplicate, recall*100)
	}
}

func confusion(pairs []scoredPair, th float64) (tp, fp, fn int) {
	for _, p := range pairs {
		switch hit := p.sim >= th; {
		case hit && p.same:
			tp++
		case hit:
			fp++
		case p.same:
			fn++
		}
	}
	return
}

func precision(tp, fp int) float64 {
	if tp+fp == 0 {
		return 1
	}
	return float64(tp) / float64(tp+fp)
}

func TestFingerprintBasics(t *testing.T) {
	t.Parallel()
	a := wires.Fingerprint("The quick brown fox jumps over the lazy dog")
	if a != wires.Fingerprint("the QUICK brown fox, jumps over the lazy dog!") {
		t.Error("case and punctuation change the fingerprint")
	}
	if wires.Similarity(a, a) != 1 || wires.Fingerprint("") != 0 {
		t.Error("similarity of a fingerprint to itself is not 1, or empty text has one")
	}
	ar := wires.Fingerprint("أعلنت الحكومة خطة جديدة لإدارة المياه")
	if ar != wires.Fingerprint("اعلنت الحكومـــة خطة جديدة لإدارة المياه") || ar == 0 {
		t.Error("Arabic alef forms or tatweel change the fingerprint")
	}
	if s := wires.Similarity(0, ^uint64(0)); s != 0 {
		t.Errorf("opposite fingerprints: %v", s)
	}
}
