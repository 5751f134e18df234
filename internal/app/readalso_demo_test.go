package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/demo"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// TestDemoReadAlsoShowsTheStorysOtherAngles: on the demo site, a story
// whose cluster has other pieces in its edition gets one of them first in
// its Read also block, before anything merely similar.
func TestDemoReadAlsoShowsTheStorysOtherAngles(t *testing.T) {
	a := testenv.DemoApp(t, testenv.NewClock(testenv.Now))
	content, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// cluster of each demo story, by edition and headline
	cluster := map[string]string{}
	for _, s := range content.Stories {
		if s.Fields["status"] == "unpublished" {
			continue
		}
		cluster[s.Edition+"|"+s.Fields["headline"]] = strings.Split(s.Group, "/")[0]
	}
	size := map[string]int{}
	for k, c := range cluster {
		size[strings.Split(k, "|")[0]+"|"+c]++
	}
	var judged, first int
	for _, ed := range []string{"en", "es", "fr", "ar"} {
		page, err := a.Store.List(ctx, news.ListQuery{Edition: ed, Limit: 100, Now: testenv.Now})
		if err != nil {
			t.Fatal(err)
		}
		for _, tz := range page.Items {
			c := cluster[ed+"|"+tz.Headline]
			if size[ed+"|"+c] < 2 {
				continue
			}
			art, err := a.Store.Article(ctx, tz.ID)
			if err != nil {
				t.Fatal(err)
			}
			got, err := a.ReadAlso.ReadAlso(ctx, art, testenv.Now)
			if err != nil {
				t.Fatal(err)
			}
			judged++
			if len(got) > 0 && cluster[ed+"|"+got[0].Headline] == c {
				first++
			} else if len(got) > 0 {
				t.Logf("%s %q: first is %q", ed, tz.Headline, got[0].Headline)
			}
		}
	}
	t.Logf("%d of %d demo stories with another angle in their edition get one first", first, judged)
	if judged == 0 || float64(first) < 0.9*float64(judged) {
		t.Errorf("%d of %d stories get another angle of their story first; want at least 90%%", first, judged)
	}
}
