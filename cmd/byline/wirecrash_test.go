package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/wires"
)

// TestWirePollerLosesNothingToSIGKILL: a drop-folder poller is killed with
// SIGKILL at random moments 20 times while agencies keep dropping files;
// after a last complete pass (with the killed scans' claims older than a
// scan can take), every item of every file is on the desk exactly once and
// every file is processed.
func TestWirePollerLosesNothingToSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a poller 20 times")
	}
	data, drop := t.TempDir(), t.TempDir()
	t.Setenv(passwordEnv, "a long enough password")
	if _, errOut, code := runCmd(t, []string{"migrate", "--data", data}, ""); code != 0 {
		t.Fatal(errOut)
	}
	src := folderSource(t, data, drop)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	var guids []string
	killed := 0
	for round := range crashRounds {
		for f := range 6 {
			guids = append(guids, dropFile(t, drop, fmt.Sprintf("r%02d-f%d", round, f), rng)...)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "BYLINE_CRASH_CHILD=wires poll --once --data "+data)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(5+rng.IntN(60)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL) //nolint:errcheck // it may have finished
		cmd.Wait()                          //nolint:errcheck // killed on purpose, or done
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed++
		}
	}
	// Time passes: the killed scans' claims go stale; one complete pass.
	stale := time.Now().Add(-time.Hour)
	claimed, _ := filepath.Glob(filepath.Join(drop, wires.ClaimedDir, "*"))
	for _, c := range claimed {
		os.Chtimes(c, stale, stale)
	}
	if _, errOut, code := runCmd(t, []string{"wires", "poll", "--once", "--data", data}, ""); code != 0 {
		t.Fatal(errOut)
	}
	left, _ := filepath.Glob(filepath.Join(drop, "*.xml"))
	stuck, _ := filepath.Glob(filepath.Join(drop, wires.ClaimedDir, "*"))
	processed, _ := filepath.Glob(filepath.Join(drop, "processed", "*.xml"))
	if len(left)+len(stuck) > 0 || len(processed) != 6*crashRounds {
		t.Errorf("files: %d left, %d still claimed, %d processed; want 0, 0, %d", len(left), len(stuck), len(processed), 6*crashRounds)
	}
	checkWireItems(t, data, src, guids)
	if killed < crashRounds/2 {
		t.Errorf("only %d of %d pollers were killed before they finished", killed, crashRounds)
	}
	t.Logf("%d kills (%d claims recovered), %d files, %d items: each on the desk once", killed, len(claimed), len(processed), len(guids))
}

func folderSource(t *testing.T, data, drop string) int64 {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, e := range news.DefaultEditions() {
		if err := st.CreateEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	sec := news.Section{Edition: "en", Slug: "world", Name: "World", Position: 1}
	if err := st.CreateSection(ctx, &sec); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCmd(t, []string{"wires", "add", "--data", data, "--name", "Drop", "--folder", drop,
		"--edition", "en", "--section", "world", "--credit", "Drop Wire"}, ""); code != 0 {
		t.Fatal(errOut)
	}
	srcs, err := st.WireSources(ctx)
	if err != nil || len(srcs) != 1 {
		t.Fatal(srcs, err)
	}
	return srcs[0].ID
}

// dropFile writes an RSS file of ten distinct items the way an agency
// does (a temporary name, then a rename) and returns their GUIDs.
func dropFile(t *testing.T, dir, name string, rng *rand.Rand) []string {
	t.Helper()
	words := strings.Fields("harbour council budget river festival minister vote rail energy court school market storm bridge museum farm")
	var b strings.Builder
	var guids []string
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Drop</title>`)
	for i := range 10 {
		guid := fmt.Sprintf("%s-%d", name, i)
		guids = append(guids, guid)
		var text []string
		for range 40 {
			text = append(text, words[rng.IntN(len(words))]+fmt.Sprint(rng.IntN(1000)))
		}
		fmt.Fprintf(&b, `<item><guid>%s</guid><title>Item %s</title><description>%s</description></item>`, guid, guid, strings.Join(text, " "))
	}
	b.WriteString(`</channel></rss>`)
	tmp := filepath.Join(dir, "."+name+".tmp")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name+".xml")); err != nil {
		t.Fatal(err)
	}
	return guids
}

// checkWireItems finds every GUID at version 1: a second import of the
// same item would have been a second version (or a folded duplicate with
// its own GUID, which the files do not have).
func checkWireItems(t *testing.T, data string, src int64, guids []string) {
	t.Helper()
	ctx := context.Background()
	st := openChecked(t, data)
	defer st.Close()
	for _, g := range guids {
		it, err := st.LatestWireVersion(ctx, src, g)
		if err != nil {
			t.Errorf("item %s is lost: %v", g, err)
			continue
		}
		if it.Version != 1 {
			t.Errorf("item %s has %d versions: imported more than once", g, it.Version)
		}
	}
}
