package app_test

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
)

// wireArctic is long enough for its fingerprint to mean something;
// wireArcticReworded is the same story as a second agency words it.
const wireArctic = `Ministers from twenty countries met in Geneva on Saturday to agree new rules for shipping in the Arctic,
after a week of talks that delegates described as difficult but productive. The agreement limits heavy fuel oil,
sets speed limits near whale migration routes and creates a fund for oil spill response paid for by shipowners.
Environmental groups welcomed the deal but said it came too late for some coastal communities already affected.
The rules take effect in two years once ratified by national parliaments, officials said.`

var wireArcticReworded = strings.NewReplacer("on Saturday", "on Saturday evening", "difficult but productive", "hard but productive",
	"officials said", "an official said").Replace(wireArctic)

const wireRates = `The central bank left interest rates unchanged on Thursday, citing uncertainty about energy prices and a
slowing labour market. Its governor said further increases were not ruled out if inflation proved stubborn.`

func wireFeed(items ...[3]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Agency</title><link>https://agency.example.org/</link>`)
	for _, it := range items {
		var body strings.Builder
		for _, p := range strings.Split(it[2], "\n") {
			body.WriteString("<p>" + p + "</p>")
		}
		fmt.Fprintf(&b, `<item><guid isPermaLink="false">%s</guid><title>%s</title><link>https://agency.example.org/%s</link><description>%s</description></item>`,
			it[0], html.EscapeString(it[1]), it[0], html.EscapeString(body.String()))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// wireFixtures fills the desk through the Desk, as a poll would: one
// agency sends the Arctic story and a rates story, a second agency an
// exact copy of the first and a reworded one. The sources are paused so
// that the server's poller leaves them alone.
func wireFixtures(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	sec, err := a.Store.Section(ctx, "en", "world")
	if err != nil {
		t.Fatal(err)
	}
	afp := news.WireSource{Name: "AFP World", Kind: news.SourceURL, URL: "https://203.0.113.10/afp.xml", Edition: "en",
		SectionID: sec.ID, Credit: "AFP", Interval: 5 * time.Minute}
	rtr := news.WireSource{Name: "Reuters World", Kind: news.SourceURL, URL: "https://203.0.113.10/reuters.xml", Edition: "en",
		SectionID: sec.ID, Credit: "Reuters", Interval: 5 * time.Minute}
	for _, s := range []*news.WireSource{&afp, &rtr} {
		if err := a.Wires.AddSource(ctx, editorial.System(), s); err != nil {
			t.Fatal(err)
		}
		s.Active = false
		if err := a.Wires.UpdateSource(ctx, editorial.System(), s); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []struct {
		src             news.WireSource
		feed            string
		dups, neighbors int
	}{
		{afp, wireFeed([3]string{"afp-1", "Arctic shipping rules agreed in Geneva", wireArctic},
			[3]string{"afp-2", "Central bank holds rates", wireRates}), 0, 0},
		{rtr, wireFeed([3]string{"rtr-copy", "Arctic shipping rules agreed in Geneva", wireArctic},
			[3]string{"rtr-9", "Ministers agree Arctic shipping rules", wireArcticReworded}), 1, 1},
	} {
		rep, err := a.Wires.Import(ctx, f.src, []byte(f.feed))
		if err != nil || rep.Duplicates != f.dups || rep.Grouped != f.neighbors {
			t.Fatalf("import from %s: %+v, %v; want %d duplicates and %d grouped", f.src.Name, rep, err, f.dups, f.neighbors)
		}
	}
}

// TestWireDeskInBrowser: an editor opens the wire desk, sees the story
// with its exact copy folded under it and the reworded one grouped with
// it, opens it and adopts it, and lands in the editor on a draft that
// carries the agency's credit. The desk also reads right to left.
func TestWireDeskInBrowser(t *testing.T) {
	a, base := liveApp(t)
	wireFixtures(t, a)
	ctx := browser(t)
	run(t, ctx, chromedp.EmulateViewport(1280, 900))

	signIn(t, ctx, base, "editor@example.org")
	run(t, ctx, chromedp.Click(chromedp.CSS(`nav a[href="/admin/wires"]`)), chromedp.WaitVisible(chromedp.CSS("table.wires")))
	shot(t, ctx, "newsroom-wire-desk")
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("tr.wire-row .wire-title")].map(a => a.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || !strings.Contains(strings.Join(rows, "|"), "Arctic shipping rules agreed in Geneva") {
		t.Fatalf("desk rows %q, want the Arctic story and the rates story, one row each", rows)
	}
	arctic := `tr.wire-row:has(.wire-title[href]):has(.wire-dups)`
	if s := text(t, ctx, arctic+" .wire-dups summary"); s != "1 exact duplicate" {
		t.Errorf("folded duplicates: %q", s)
	}
	group := text(t, ctx, arctic+" ul.wire-group")
	if !strings.Contains(group, "Ministers agree Arctic shipping rules") || !strings.Contains(group, "Reuters World") || !strings.Contains(group, "% similar") {
		t.Errorf("grouped near-duplicate: %q", group)
	}

	run(t, ctx, chromedp.Click(chromedp.CSS(arctic+" a.wire-title")), chromedp.WaitVisible(chromedp.CSS(`form[action$="/adopt"] button`)))
	shot(t, ctx, "newsroom-wire-item")
	if body := text(t, ctx, ".wire-body"); !strings.Contains(body, "whale migration routes") {
		t.Errorf("preview body: %q", body)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS(`form[action$="/adopt"] button`)), arrived("wire_adopted"))
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "/admin/articles/") {
		t.Fatalf("after adopting: at %s, want the story editor", loc)
	}
	shot(t, ctx, "newsroom-wire-adopted")
	credit, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#credit")))
	headline, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#headline")))
	if credit != "AFP" || headline != "Arctic shipping rules agreed in Geneva" {
		t.Errorf("draft: credit %q, headline %q; want AFP's story", credit, headline)
	}
	if s := text(t, ctx, ".editor-head .status"); s != "Draft" {
		t.Errorf("status of the adopted story = %q", s)
	}
	signOut(t, ctx)

	// The same desk in Arabic: right to left, in the viewer's language.
	if _, err := a.Auth.CreateUser(context.Background(), nil, "muharrir@example.org", "محرر", news.RoleEditor, "a long enough password", "ar"); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, base, "muharrir@example.org")
	run(t, ctx, chromedp.Navigate(base+"/admin/wires"), chromedp.WaitVisible(chromedp.CSS("table.wires")))
	shot(t, ctx, "newsroom-wire-desk-ar")
	dir, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dir`))
	if dir != "rtl" {
		t.Errorf("Arabic desk dir = %q", dir)
	}
	if h := text(t, ctx, "h1"); h != "مكتب الوكالات" {
		t.Errorf("Arabic desk heading = %q", h)
	}
	if over, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > innerWidth`)); over {
		t.Error("the Arabic desk is wider than the window")
	}
}
