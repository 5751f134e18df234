package app_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
)

// importWire imports one RSS item into src and returns it as stored.
func importWire(t *testing.T, e *roleEnv, src news.WireSource, guid, title, bodyHTML string) news.WireItem {
	t.Helper()
	feed := `<rss version="2.0"><channel><title>Agency</title><item><guid>` + guid + `</guid><title>` + title +
		`</title><link>https://agency.example.org/` + guid + `</link><description>` + escapeXML(bodyHTML) + `</description></item></channel></rss>`
	if _, err := e.a.Wires.Import(e.ctx, src, []byte(feed)); err != nil {
		t.Fatal(err)
	}
	it, err := e.a.Store.LatestWireVersion(e.ctx, src.ID, guid)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func escapeXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func (e *roleEnv) page(t *testing.T, role news.Role, path string) (int, string) {
	t.Helper()
	who := e.actors[role]
	res := e.do(t, &who, false, request{"GET", path, "", ""}, true)
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestWireDeskPages works the desk's pages over one store: each demo
// store takes a while to fill.
func TestWireDeskPages(t *testing.T) {
	e := newRoleEnv(t)
	t.Run("item page", func(t *testing.T) { wireItemPage(t, e) })
	t.Run("inbox filters", func(t *testing.T) { wireInboxFilters(t, e) })
	t.Run("sources admin", func(t *testing.T) { wireSourcesAdmin(t, e) })
}

// wireItemPage: the preview is sanitized, and once the agency re-sends
// an adopted story with new text the page says so, word by word.
func wireItemPage(t *testing.T, e *roleEnv) {
	src := e.wireSource(t)
	it := importWire(t, e, src, "afp-77", "Storm closes the port",
		`<p onclick="steal()">The storm closed the port on Monday.</p><script>alert("wire")</script><p>Ferries stayed in harbour.</p>`)
	path := fmt.Sprintf("/admin/wires/%d", it.ID)

	status, body := e.page(t, news.RoleEditor, path)
	if status != http.StatusOK {
		t.Fatalf("GET %s = %d", path, status)
	}
	for _, bad := range []string{`alert("wire")`, "onclick", "steal()"} {
		if strings.Contains(body, bad) {
			t.Errorf("the preview lets %q through", bad)
		}
	}
	for _, want := range []string{"The storm closed the port on Monday.", `action="/admin/wires/` + fmt.Sprint(it.ID) + `/adopt"`, `name="csrf"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}

	a, err := e.a.Wires.Adopt(e.ctx, e.actors[news.RoleEditor].user, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Credit != "Agency" || a.Status != news.Draft {
		t.Errorf("adopted draft: credit %q, status %s", a.Credit, a.Status)
	}
	_, body = e.page(t, news.RoleEditor, path)
	if strings.Contains(body, "Wire updated since adoption") {
		t.Error("the page says the wire changed before it did")
	}
	importWire(t, e, src, "afp-77", "Storm closes the port",
		`<p>The storm closed the port on Monday night.</p><p>Ferries stayed in harbour.</p>`)
	_, body = e.page(t, news.RoleEditor, path)
	for _, want := range []string{"Wire updated since adoption", "<ins>", "night", fmt.Sprintf(`href="/admin/articles/%d"`, a.ID)} {
		if !strings.Contains(body, want) {
			t.Errorf("after a new version the page lacks %q", want)
		}
	}
	if strings.Contains(body, `/adopt"`) {
		t.Error("an adopted item offers Adopt again")
	}
}

// wireInboxFilters reads the inbox through its filters.
func wireInboxFilters(t *testing.T, e *roleEnv) {
	one, two := e.wireSource(t), e.wireSource(t)
	importWire(t, e, one, "one-1", "Harbour strike ends", "<p>Dockers voted to return to work after a week.</p>")
	ignored := importWire(t, e, two, "two-1", "Snow in the Alps", "<p>Heavy snow closed three passes overnight.</p>")
	if err := e.a.Wires.Ignore(e.ctx, editorial.System(), ignored.ID); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, query   string
		status        int
		want, unwants []string
	}{
		{"everything", "", 200, []string{"Harbour strike ends", "Snow in the Alps"}, nil},
		{"one source", fmt.Sprintf("source=%d", one.ID), 200, []string{"Harbour strike ends"}, []string{"Snow in the Alps"}},
		{"ignored only", "status=ignored", 200, []string{"Snow in the Alps"}, []string{"Harbour strike ends"}},
		{"received before any of it", "until=2000-01-01", 200, []string{"Nothing on the wire here."}, []string{"Harbour strike ends"}},
		{"received since long ago", "since=2000-01-01", 200, []string{"Harbour strike ends"}, nil},
		{"a date that is not one", "since=yesterday", 400, []string{"is not a date"}, []string{"Harbour strike ends"}},
		{"a status that is not one", "status=duplicate", 400, []string{"choose a status"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := e.page(t, news.RoleEditor, "/admin/wires?"+tt.query)
			if status != tt.status {
				t.Errorf("status %d, want %d", status, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, u := range tt.unwants {
				if strings.Contains(body, u) {
					t.Errorf("shows %q", u)
				}
			}
		})
	}
}

// wireSourcesAdmin adds a source through the form, refuses a bad one
// with the reason, pauses one and polls a drop folder now.
func wireSourcesAdmin(t *testing.T, e *roleEnv) {
	admin := e.actors[news.RoleAdmin]
	post := func(path string, form url.Values) *http.Response {
		return e.do(t, &admin, false, request{"POST", path, "form", form.Encode()}, true)
	}
	world := fmt.Sprint(e.world(t).ID)
	res := post("/admin/wires/sources", url.Values{"name": {"Local"}, "kind": {"url"}, "url": {"http://127.0.0.1/feed.xml"},
		"section": {world}, "credit": {"Local"}, "interval": {"5"}})
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `value="Local"`) {
		t.Errorf("a loopback feed = %d; want 400 with the form kept", res.StatusCode)
	}
	if res := post("/admin/wires/sources", url.Values{"name": {"No section"}, "kind": {"url"}, "url": {"https://203.0.113.10/f"},
		"credit": {"X"}, "interval": {"5"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a source without a section = %d, want 400", res.StatusCode)
	}

	src := e.wireSource(t)
	writeFeed := `<rss version="2.0"><channel><title>A</title><item><guid>drop-1</guid><title>Dropped story</title><description>Text of the dropped story.</description></item></channel></rss>`
	if err := os.WriteFile(filepath.Join(src.Folder, "drop.xml"), []byte(writeFeed), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := post(fmt.Sprintf("/admin/wires/sources/%d/poll", src.ID), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("poll now = %d, want 303", res.StatusCode)
	}
	if _, err := e.a.Store.LatestWireVersion(e.ctx, src.ID, "drop-1"); err != nil {
		t.Errorf("the dropped story was not imported: %v", err)
	}
	if res := post(fmt.Sprintf("/admin/wires/sources/%d/state", src.ID), url.Values{"state": {"disable"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pause = %d, want 303", res.StatusCode)
	}
	if got, _ := e.a.Store.WireSource(e.ctx, src.ID); got.Active {
		t.Error("the source is still active after pausing it")
	}
	_, page := e.page(t, news.RoleAdmin, "/admin/wires/sources")
	for _, want := range []string{src.Name, "1 files, 0 rejected", `value="enable"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the sources page lacks %q", want)
		}
	}
}
