package evalset

import "testing"

// TestSetIsBigEnough holds the set to what the relevance issue asks of it:
// at least 60 stories in at least 10 clusters, across all four languages.
func TestSetIsBigEnough(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	clusters := map[string]bool{}
	langs := map[string]int{}
	for _, s := range set.Stories {
		if !s.Single() {
			clusters[s.Cluster] = true
		}
		langs[s.Lang]++
	}
	if len(set.Stories) < 60 || len(clusters) < 10 || len(langs) < 4 {
		t.Errorf("%d stories, %d clusters, languages %v: want at least 60, 10 and all four", len(set.Stories), len(clusters), langs)
	}
}
