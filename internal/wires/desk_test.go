package wires

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/testdb"
)

var deskNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

type deskEnv struct {
	*Desk
	ctx   context.Context
	st    news.Store
	world news.Section
	users map[news.Role]news.User
	clock time.Time
}

func newDeskEnv(t *testing.T) *deskEnv {
	t.Helper()
	ctx := context.Background()
	e := &deskEnv{ctx: ctx, users: map[news.Role]news.User{}, clock: deskNow}
	now := func() time.Time { return e.clock }
	st, err := store.Open(ctx, store.Config{URL: testdb.DBURL(t), DataDir: t.TempDir(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, ed := range news.DefaultEditions() {
		deskMust(t, st.CreateEdition(ctx, ed))
	}
	e.world = news.Section{Edition: "en", Slug: "world", Name: "World", Position: 1}
	deskMust(t, st.CreateSection(ctx, &e.world))
	for _, r := range news.Roles {
		au := news.Author{Slug: "user-" + string(r), Name: "User " + string(r)}
		deskMust(t, st.CreateAuthor(ctx, &au))
		u := news.User{Email: string(r) + "@example.org", Name: au.Name, Role: r, Language: "en", AuthorID: au.ID,
			PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", CreatedAt: deskNow}
		deskMust(t, st.CreateUser(ctx, &u))
		e.users[r] = u
	}
	md := markup.New()
	e.st = st
	e.Desk = &Desk{Store: st, Editorial: &editorial.Service{Store: st, Markup: md, Now: now}, Fetcher: NewFetcher([]string{"127.0.0.1"}),
		Sanitize: md.Sanitize, Now: now}
	return e
}

func deskMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func deskWantCode(t *testing.T, err error, code news.Code) {
	t.Helper()
	if got := news.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want %q", err, got, code)
	}
}

// source stores a URL source straight in the store (AddSource is tested on
// its own).
func (e *deskEnv) source(t *testing.T, name string, change ...func(*news.WireSource)) news.WireSource {
	t.Helper()
	s := news.WireSource{Name: name, Kind: news.SourceURL, URL: "https://" + strings.ToLower(name) + ".example.org/feed",
		Edition: "en", SectionID: e.world.ID, Credit: name, Interval: 5 * time.Minute, Active: true, NextPollAt: deskNow}
	for _, c := range change {
		c(&s)
	}
	deskMust(t, e.st.CreateWireSource(e.ctx, &s))
	return s
}

// ingest feeds one item to the desk as if a document from src held it.
func (e *deskEnv) ingest(t *testing.T, src news.WireSource, items ...Item) Report {
	t.Helper()
	rep, err := e.ingestFeed(e.ctx, src, &Feed{Format: FormatRSS, Items: items})
	deskMust(t, err)
	return rep
}

func (e *deskEnv) latest(t *testing.T, src news.WireSource, guid string) news.WireItem {
	t.Helper()
	it, err := e.st.LatestWireVersion(e.ctx, src.ID, guid)
	deskMust(t, err)
	return it
}

// deskStory is a wire story long enough for its fingerprint to mean something.
const deskStory = `Ministers from twenty countries met in Geneva on Saturday to agree new rules for shipping in the Arctic,
after a week of talks that delegates described as difficult but productive. The agreement limits heavy fuel oil,
sets speed limits near whale migration routes and creates a fund for oil spill response paid for by shipowners.
Environmental groups welcomed the deal but said it came too late for some coastal communities already affected.
The rules take effect in two years once ratified by national parliaments, officials said.`

// deskReworded changes a few words of deskStory, as a second agency would.
var deskReworded = strings.NewReplacer("on Saturday", "on Saturday evening", "difficult but productive", "hard but productive",
	"officials said", "an official said").Replace(deskStory)

const deskOtherStory = `The central bank left interest rates unchanged on Thursday, citing uncertainty about energy prices and a
slowing labour market. Its governor said further increases were not ruled out if inflation proved stubborn. Markets had
expected the decision; the currency barely moved and bond yields fell slightly in afternoon trading in London.`

func deskItem(guid, title, text string) Item {
	var b strings.Builder
	for _, p := range strings.Split(text, ".\n") {
		b.WriteString("<p>" + p + "</p>")
	}
	return Item{GUID: guid, Title: title, BodyHTML: b.String(), Link: "https://agency.example.org/" + guid,
		Summary: "Summary of " + title, Language: "en", Published: deskNow.Add(-time.Hour)}
}

func TestFixtureTextsAreNearButNotEqual(t *testing.T) {
	near := Similarity(Fingerprint(PlainText(deskItem("", "", deskStory).BodyHTML)), Fingerprint(PlainText(deskItem("", "", deskReworded).BodyHTML)))
	far := Similarity(Fingerprint(deskStory), Fingerprint(deskOtherStory))
	if near < NearDuplicate || near == 1 || far >= NearDuplicate {
		t.Fatalf("similarity: deskReworded %.2f, other deskStory %.2f; want the first in [%.2f, 1), the second below", near, far, NearDuplicate)
	}
}

func TestIngestRules(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, e *deskEnv, a, b news.WireSource)
	}{
		{"an exact copy from another agency is folded under the first", func(t *testing.T, e *deskEnv, a, b news.WireSource) {
			e.ingest(t, a, deskItem("a-1", "Arctic deal", deskStory))
			rep := e.ingest(t, b, deskItem("b-9", "Arctic deal", deskStory))
			if rep.Duplicates != 1 || rep.New != 0 {
				t.Fatalf("report = %+v, want one duplicate", rep)
			}
			first, copy := e.latest(t, a, "a-1"), e.latest(t, b, "b-9")
			if copy.Status != news.WireDuplicate || copy.DuplicateOf != first.ID {
				t.Errorf("copy = %s of %d, want a duplicate of %d", copy.Status, copy.DuplicateOf, first.ID)
			}
			inbox, err := e.st.WireInbox(e.ctx, news.WireQuery{})
			deskMust(t, err)
			if len(inbox) != 1 || inbox[0].ID != first.ID {
				t.Errorf("inbox = %v, want only the first copy", inbox)
			}
		}},
		{"a deskReworded copy is grouped with its similarity", func(t *testing.T, e *deskEnv, a, b news.WireSource) {
			e.ingest(t, a, deskItem("a-1", "Arctic deal agreed", deskStory))
			rep := e.ingest(t, b, deskItem("b-1", "Nations agree Arctic shipping rules", deskReworded))
			if rep.Grouped != 1 || rep.New != 0 {
				t.Fatalf("report = %+v, want one grouped", rep)
			}
			first, near := e.latest(t, a, "a-1"), e.latest(t, b, "b-1")
			if first.GroupID != first.ID || near.GroupID != first.ID {
				t.Errorf("groups: first %d, near %d; want both %d", first.GroupID, near.GroupID, first.ID)
			}
			if near.Similarity < NearDuplicate || near.Similarity >= 1 || near.Status != news.WireNew {
				t.Errorf("near copy: similarity %.2f, status %s; want in [%.2f, 1), new", near.Similarity, near.Status, NearDuplicate)
			}
			// A third rewrite joins the same group, not a new one.
			e.ingest(t, b, deskItem("b-2", "Arctic rules", strings.Replace(deskReworded, "twenty", "21", 1)))
			if third := e.latest(t, b, "b-2"); third.GroupID != first.ID {
				t.Errorf("third rewrite in group %d, want %d", third.GroupID, first.ID)
			}
		}},
		{"a different deskStory stays alone", func(t *testing.T, e *deskEnv, a, b news.WireSource) {
			rep := e.ingest(t, a, deskItem("a-1", "Arctic deal", deskStory), deskItem("a-2", "Rates on hold", deskOtherStory))
			if rep.New != 2 || rep.Items != 2 {
				t.Fatalf("report = %+v, want two new", rep)
			}
			if it := e.latest(t, a, "a-2"); it.GroupID != 0 || it.Similarity != 0 {
				t.Errorf("unrelated deskStory grouped: %+v", it)
			}
		}},
		{"a re-send with new text is version 2 and keeps the adoption", func(t *testing.T, e *deskEnv, a, b news.WireSource) {
			e.ingest(t, a, deskItem("a-1", "Arctic deal", deskStory))
			v1 := e.latest(t, a, "a-1")
			draft, err := e.Adopt(e.ctx, e.users[news.RoleEditor], v1.ID)
			deskMust(t, err)
			rep := e.ingest(t, a, deskItem("a-1", "Arctic deal (corrected)", deskStory+" Corrects the date."))
			if rep.Updated != 1 || rep.New != 0 {
				t.Fatalf("report = %+v, want one updated", rep)
			}
			v2 := e.latest(t, a, "a-1")
			if v2.Version != 2 || v2.Status != news.WireAdopted || v2.AdoptedArticleID != draft.ID || v2.AdoptedVersion != 1 {
				t.Errorf("version 2 = %+v, want adopted from version 1 into %d", v2, draft.ID)
			}
			latest, adopted, changed, err := e.UpdatedSinceAdoption(e.ctx, v1.ID)
			deskMust(t, err)
			if !changed || latest.ID != v2.ID || adopted.ID != v1.ID {
				t.Errorf("UpdatedSinceAdoption = %d, %d, %v; want %d, %d, true", latest.ID, adopted.ID, changed, v2.ID, v1.ID)
			}
			inbox, err := e.st.WireInbox(e.ctx, news.WireQuery{})
			deskMust(t, err)
			if len(inbox) != 1 || inbox[0].ID != v2.ID {
				t.Errorf("inbox = %v, want only version 2", inbox)
			}
		}},
		{"a re-send of the same text changes nothing", func(t *testing.T, e *deskEnv, a, b news.WireSource) {
			e.ingest(t, a, deskItem("a-1", "Arctic deal", deskStory))
			rep := e.ingest(t, a, deskItem("a-1", "Arctic deal", deskStory))
			if rep.Unchanged != 1 || rep.New+rep.Updated+rep.Duplicates+rep.Grouped != 0 {
				t.Fatalf("report = %+v, want one unchanged", rep)
			}
			vs, err := e.st.WireVersions(e.ctx, a.ID, "a-1")
			deskMust(t, err)
			if len(vs) != 1 {
				t.Errorf("%d versions, want 1", len(vs))
			}
			_, _, changed, err := e.UpdatedSinceAdoption(e.ctx, vs[0].ID)
			if err != nil || changed {
				t.Errorf("UpdatedSinceAdoption of an item never adopted = %v, %v", changed, err)
			}
		}},
		{"a malformed item is reported while the others go in", func(t *testing.T, e *deskEnv, a, b news.WireSource) {
			rep := e.ingest(t, a, deskItem("a-1", "", deskStory), deskItem("a-2", "Rates on hold", deskOtherStory))
			if rep.Items != 2 || rep.New != 1 || len(rep.Problems) != 1 || rep.Problems[0].GUID != "a-1" {
				t.Fatalf("report = %+v, want one new and a problem with a-1", rep)
			}
		}},
		{"markup is sanitized before it is stored", func(t *testing.T, e *deskEnv, a, b news.WireSource) {
			it := deskItem("a-1", "Arctic deal", deskStory)
			it.BodyHTML += `<script>alert(1)</script><p onclick="x()">Tail.</p>`
			e.ingest(t, a, it)
			if got := e.latest(t, a, "a-1").BodyHTML; strings.Contains(got, "script") || strings.Contains(got, "onclick") {
				t.Errorf("stored body not sanitized: %s", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newDeskEnv(t)
			tt.run(t, e, e.source(t, "Alpha"), e.source(t, "Beta"))
		})
	}
}

func deskRSS(items ...string) string {
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Agency</title>` + strings.Join(items, "") + `</channel></rss>`
}

func deskRSSItem(guid, title, body string) string {
	return fmt.Sprintf(`<item><guid>%s</guid><title>%s</title><link>https://agency.example.org/%[1]s</link><description><![CDATA[%s]]></description></item>`,
		guid, title, body)
}

// deskFeedServer serves an RSS feed with an ETag, answering 304 to a request
// that has it, or the status set in fail.
type deskFeedServer struct {
	mu          sync.Mutex
	body        string
	fail        int
	ifNoneMatch []string
}

func (s *deskFeedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ifNoneMatch = append(s.ifNoneMatch, r.Header.Get("If-None-Match"))
	if s.fail != 0 {
		http.Error(w, "down", s.fail)
		return
	}
	etag := fmt.Sprintf(`"%x"`, len(s.body))
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, s.body)
}

func TestPollUsesConditionalGETAndBacksOff(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	fs := &deskFeedServer{body: deskRSS(deskRSSItem("a-1", "Arctic deal", "<p>"+deskStory+"</p>"), deskRSSItem("a-2", "Rates on hold", "<p>"+deskOtherStory+"</p>"))}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	src := news.WireSource{Name: "Local", Kind: news.SourceURL, URL: srv.URL + "/feed.xml", Edition: "en", SectionID: e.world.ID,
		Credit: "Local", Interval: 10 * time.Minute}
	deskWantCode(t, e.AddSource(e.ctx, e.users[news.RoleEditor], &src), news.CodeForbidden)
	deskMust(t, e.AddSource(e.ctx, e.users[news.RoleAdmin], &src))
	if !src.Active || !src.NextPollAt.Equal(deskNow) {
		t.Fatalf("added source: active %v, next poll %v; want active, due now", src.Active, src.NextPollAt)
	}
	private := news.WireSource{Name: "Private", Kind: news.SourceURL, URL: "http://10.1.2.3/feed", Edition: "en",
		SectionID: e.world.ID, Credit: "P", Interval: time.Minute}
	deskWantCode(t, e.AddSource(e.ctx, e.users[news.RoleAdmin], &private), news.CodeInvalid)

	// PollDue takes the new source: the first poll brings both items.
	deskMust(t, e.PollDue(e.ctx))
	src = e.reload(t, src.ID)
	if src.ETag == "" || !strings.HasPrefix(src.LastStatus, "200: 2 items, 2 new") || !src.NextPollAt.Equal(deskNow.Add(10*time.Minute)) {
		t.Fatalf("after the first poll: etag %q, status %q, next %v", src.ETag, src.LastStatus, src.NextPollAt)
	}
	// Not due yet: PollDue leaves it alone.
	deskMust(t, e.PollDue(e.ctx))
	if n := len(fs.ifNoneMatch); n != 1 {
		t.Fatalf("%d requests, want 1: the source was not due", n)
	}
	rep, err := e.Poll(e.ctx, src)
	deskMust(t, err)
	if !rep.NotModified || fs.ifNoneMatch[1] != src.ETag {
		t.Fatalf("second poll: report %+v, If-None-Match %q; want not modified after sending %q", rep, fs.ifNoneMatch[1], src.ETag)
	}
	if src = e.reload(t, src.ID); !strings.Contains(src.LastStatus, "not modified") {
		t.Errorf("status after a 304 = %q", src.LastStatus)
	}

	fs.fail = http.StatusServiceUnavailable
	for failures, wait := range []time.Duration{20 * time.Minute, 40 * time.Minute} {
		_, err := e.Poll(e.ctx, src)
		if err == nil {
			t.Fatal("a 503 was not an error")
		}
		src = e.reload(t, src.ID)
		if src.Failures != failures+1 || !src.NextPollAt.Equal(deskNow.Add(wait)) || !strings.HasPrefix(src.LastStatus, "error:") ||
			!strings.Contains(src.LastStatus, "503") {
			t.Errorf("after failure %d: failures %d, next %v (want +%v), status %q", failures+1, src.Failures, src.NextPollAt, wait, src.LastStatus)
		}
	}
	fs.fail = 0
	_, err = e.Poll(e.ctx, src)
	deskMust(t, err)
	if src = e.reload(t, src.ID); src.Failures != 0 || !src.NextPollAt.Equal(deskNow.Add(10*time.Minute)) {
		t.Errorf("after recovering: failures %d, next %v", src.Failures, src.NextPollAt)
	}
	inbox, err := e.st.WireInbox(e.ctx, news.WireQuery{})
	deskMust(t, err)
	if len(inbox) != 2 {
		t.Errorf("inbox has %d items after four polls of the same feed, want 2", len(inbox))
	}
}

func (e *deskEnv) reload(t *testing.T, id int64) news.WireSource {
	t.Helper()
	s, err := e.st.WireSource(e.ctx, id)
	deskMust(t, err)
	return s
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		interval time.Duration
		failures int
		want     time.Duration
	}{
		{5 * time.Minute, 1, 10 * time.Minute},
		{5 * time.Minute, 2, 20 * time.Minute},
		{5 * time.Minute, 3, 40 * time.Minute},
		{5 * time.Minute, 30, 24 * time.Hour},
		{24 * time.Hour, 3, 24 * time.Hour},
	}
	for _, tt := range tests {
		if got := Backoff(tt.interval, tt.failures); got != tt.want {
			t.Errorf("Backoff(%v, %d) = %v, want %v", tt.interval, tt.failures, got, tt.want)
		}
	}
}

func TestScanFolderImportsEachFileOnce(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	dir := t.TempDir()
	good := deskRSS(deskRSSItem("f-1", "Arctic deal", "<p>"+deskStory+"</p>"), deskRSSItem("f-2", "Rates on hold", "<p>"+deskOtherStory+"</p>"))
	partly := deskRSS(deskRSSItem("f-3", "", "<p>No title.</p>"), deskRSSItem("f-4", "Another", "<p>Something else entirely happened today.</p>"))
	write := func(name, body string) { deskMust(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)) }
	write("good.xml", good)
	write("partly.xml", partly)
	write("notes.txt", "Call the desk at 6pm.")
	write("upload.xml.part", good)

	src := news.WireSource{Name: "Drop", Kind: news.SourceFolder, Folder: dir, Edition: "en", SectionID: e.world.ID,
		Credit: "Drop", Interval: time.Minute}
	deskMust(t, e.AddSource(e.ctx, e.users[news.RoleAdmin], &src))
	missing := src
	missing.Folder = filepath.Join(dir, "nope")
	deskWantCode(t, e.AddSource(e.ctx, e.users[news.RoleAdmin], &missing), news.CodeInvalid)

	files, err := e.ScanFolder(e.ctx, src)
	deskMust(t, err)
	got := map[string]FileReport{}
	for _, f := range files {
		got[f.Name] = f
	}
	if len(files) != 3 || got["good.xml"].Err != nil || got["good.xml"].Report.New != 2 ||
		got["partly.xml"].Err != nil || got["partly.xml"].Report.New != 1 || len(got["partly.xml"].Report.Problems) != 1 ||
		news.ErrorCode(got["notes.txt"].Err) != news.CodeInvalid {
		t.Fatalf("first scan = %+v", files)
	}
	for _, p := range []string{"processed/good.xml", "processed/partly.xml", "rejected/notes.txt", "upload.xml.part"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	reason, err := os.ReadFile(filepath.Join(dir, "rejected", "notes.txt.reason.txt"))
	if err != nil || !strings.Contains(string(reason), "not") {
		t.Errorf("rejection reason = %q, %v", reason, err)
	}
	if src = e.reload(t, src.ID); !strings.HasPrefix(src.LastStatus, "3 files, 1 rejected") {
		t.Errorf("folder source status = %q", src.LastStatus)
	}

	// A second scan finds nothing; the same file dropped again adds nothing.
	files, err = e.ScanFolder(e.ctx, src)
	deskMust(t, err)
	if len(files) != 0 {
		t.Fatalf("second scan = %+v, want nothing", files)
	}
	write("good-again.xml", good)
	deskMust(t, e.PollDue(e.ctx)) // folder sources are scanned on every round
	inbox, err := e.st.WireInbox(e.ctx, news.WireQuery{})
	deskMust(t, err)
	if len(inbox) != 3 {
		t.Errorf("inbox has %d items, want 3: each deskStory once", len(inbox))
	}
	if _, err := os.Stat(filepath.Join(dir, "processed", "good-again.xml")); err != nil {
		t.Errorf("the re-dropped file was not processed: %v", err)
	}
}

// Two scanners of one folder at once (two nodes, or "byline wires poll"
// beside the server) take each file once between them, and each story
// goes in once.
func TestConcurrentScansTakeEachFileOnce(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	dir := t.TempDir()
	const files = 20
	for i := range files {
		body := deskRSS(deskRSSItem(fmt.Sprintf("c-%d", i), fmt.Sprintf("Story %d", i),
			fmt.Sprintf("<p>Story number %d says something of its own, %s.</p>", i, strings.Repeat("word ", i))))
		deskMust(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%02d.xml", i)), []byte(body), 0o644))
	}
	src := news.WireSource{Name: "Drop", Kind: news.SourceFolder, Folder: dir, Edition: "en", SectionID: e.world.ID,
		Credit: "Drop", Interval: time.Minute}
	deskMust(t, e.AddSource(e.ctx, e.users[news.RoleAdmin], &src))

	var wg sync.WaitGroup
	reports := make([][]FileReport, 2)
	for i := range reports {
		wg.Go(func() {
			var err error
			reports[i], err = e.ScanFolder(e.ctx, src)
			deskMust(t, err)
		})
	}
	wg.Wait()
	taken := map[string]int{}
	for _, rs := range reports {
		for _, r := range rs {
			if r.Err != nil {
				t.Errorf("%s: %v", r.Name, r.Err)
			}
			taken[r.Name]++
		}
	}
	if len(taken) != files {
		t.Errorf("%d files taken, want %d", len(taken), files)
	}
	for name, n := range taken {
		if n != 1 {
			t.Errorf("%s taken %d times", name, n)
		}
	}
	processed, _ := os.ReadDir(filepath.Join(dir, ProcessedDir))
	claimed, _ := os.ReadDir(filepath.Join(dir, ClaimedDir))
	if len(processed) != files || len(claimed) != 0 {
		t.Errorf("%d processed, %d left claimed", len(processed), len(claimed))
	}
}

func TestAdopt(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	a := e.source(t, "Alpha", func(s *news.WireSource) { s.Credit = "Alpha Press" })
	b := e.source(t, "Beta")
	it := deskItem("a-1", "Arctic deal agreed in Geneva", deskStory)
	it.BodyHTML = `<p>Ministers <strong>agreed</strong> new rules, <a href="https://un.example.org/doc">the text</a> says.</p><h2>Reaction</h2><ul><li>Welcomed</li><li>Too late</li></ul>`
	e.ingest(t, a, it)
	e.ingest(t, b, Item{GUID: "b-1", Title: it.Title, BodyHTML: it.BodyHTML, Summary: "Copy."})
	orig, copy := e.latest(t, a, "a-1"), e.latest(t, b, "b-1")
	if copy.DuplicateOf != orig.ID {
		t.Fatalf("setup: b-1 is not a duplicate of a-1: %+v", copy)
	}

	_, err := e.Adopt(e.ctx, e.users[news.RoleContributor], orig.ID)
	deskWantCode(t, err, news.CodeForbidden)
	_, err = e.Adopt(e.ctx, e.users[news.RoleAuthor], orig.ID)
	deskWantCode(t, err, news.CodeForbidden)

	draft, err := e.Adopt(e.ctx, e.users[news.RoleEditor], orig.ID)
	deskMust(t, err)
	if draft.Status != news.Draft || draft.Edition != "en" || draft.Section.ID != e.world.ID || draft.Headline != it.Title ||
		draft.Credit != "Alpha Press" || draft.Standfirst != "Summary of "+it.Title {
		t.Errorf("draft = %+v", draft)
	}
	for _, want := range []string{"**agreed**", "[the text](https://un.example.org/doc)", "## Reaction", "- Welcomed",
		"Source: [Alpha Press](https://agency.example.org/a-1)"} {
		if !strings.Contains(draft.BodyMarkdown, want) {
			t.Errorf("draft body lacks %q:\n%s", want, draft.BodyMarkdown)
		}
	}
	if orig = e.latest(t, a, "a-1"); orig.Status != news.WireAdopted || orig.AdoptedArticleID != draft.ID || orig.AdoptedVersion != 1 {
		t.Errorf("adopted item = %+v", orig)
	}
	if copy = e.latest(t, b, "b-1"); copy.AdoptedArticleID != draft.ID || copy.Status != news.WireDuplicate {
		t.Errorf("its duplicate = %+v, want marked with the draft and still a duplicate", copy)
	}
	for _, id := range []int64{orig.ID, copy.ID} {
		again, err := e.Adopt(e.ctx, e.users[news.RoleAdmin], id)
		deskMust(t, err)
		if again.ID != draft.ID {
			t.Errorf("adopting %d again made draft %d, want the existing %d", id, again.ID, draft.ID)
		}
	}
	_, err = e.Adopt(e.ctx, e.users[news.RoleEditor], 9999)
	deskWantCode(t, err, news.CodeNotFound)

	// Ignore: editors only, never an adopted item.
	e.ingest(t, a, deskItem("a-2", "Rates on hold", deskOtherStory))
	other := e.latest(t, a, "a-2")
	deskWantCode(t, e.Ignore(e.ctx, e.users[news.RoleContributor], other.ID), news.CodeForbidden)
	deskWantCode(t, e.Ignore(e.ctx, e.users[news.RoleEditor], orig.ID), news.CodeInvalid)
	deskMust(t, e.Ignore(e.ctx, e.users[news.RoleEditor], other.ID))
	if other = e.latest(t, a, "a-2"); other.Status != news.WireIgnored {
		t.Errorf("ignored item status = %s", other.Status)
	}
	_, err = e.Inbox(e.ctx, e.users[news.RoleContributor], news.WireQuery{})
	deskWantCode(t, err, news.CodeForbidden)
}

// Two editors adopting the same story at once get the same draft.
func TestConcurrentAdoptionsMakeOneDraft(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	src := e.source(t, "Alpha")
	e.ingest(t, src, deskItem("a-1", "Arctic deal agreed in Geneva", deskStory))
	it := e.latest(t, src, "a-1")
	ids := make([]int64, 8)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			a, err := e.Adopt(e.ctx, e.users[news.RoleEditor], it.ID)
			deskMust(t, err)
			ids[i] = a.ID
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("concurrent adoptions made drafts %v, want one", ids)
		}
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct{ html, want string }{
		{`<p>One.</p><p>Two.</p>`, "One.\n\nTwo."},
		{`<p>Line<br>break</p>`, "Line  \nbreak"},
		{`<p><strong>bold</strong> and <b>b</b>, <em>it</em> and <i>i</i></p>`, "**bold** and **b**, *it* and *i*"},
		{`<p><a href="https://example.org/a?b=1">link</a></p>`, "[link](https://example.org/a?b=1)"},
		{`<h2>Head</h2><h3>Sub</h3><h4>Minor</h4>`, "## Head\n\n### Sub\n\n#### Minor"},
		{`<ul><li>a</li><li>b</li></ul>`, "- a\n- b"},
		{`<ol><li>a</li><li>b</li></ol>`, "1. a\n2. b"},
		{`<blockquote><p>Quoted.</p></blockquote>`, "> Quoted."},
		{`<p>1. not a list * nor [a link]</p>`, `1\. not a list * nor \[a link]`},
	}
	for _, tt := range tests {
		got, err := Markdown(tt.html)
		if err != nil || got != tt.want {
			t.Errorf("Markdown(%q) = %q, %v; want %q", tt.html, got, err, tt.want)
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"two\nlines", 20, "two lines"},
		{"the quick brown fox jumps", 12, "the quick…"},
		{"ééééééééé", 5, "éééé…"},
	}
	for _, tt := range tests {
		if got := clip(tt.in, tt.n); got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
