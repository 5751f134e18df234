package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
)

var copyBase = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// filler fills a SQLite store so that every table has rows.
type filler struct {
	t   *testing.T
	ctx context.Context
	s   *store.Store
}

func (f filler) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// fillEveryTable stores a little of everything Byline keeps, with the
// values that are easy to get wrong between two databases: NULLs, 0/1
// flags, a uint64 fingerprint past int64's range, a fraction, Arabic and
// emoji text. stories more plain stories are added in bulk.
func fillEveryTable(t *testing.T, s *store.Store, stories int) {
	f := filler{t: t, ctx: context.Background(), s: s}
	for _, e := range news.DefaultEditions() {
		f.must(s.CreateEdition(f.ctx, e))
	}
	world := news.Section{Edition: "en", Slug: "world", Name: "World", Position: 1}
	arab := news.Section{Edition: "ar", Slug: "alam", Name: "العالم", Position: 1}
	f.must(s.CreateSection(f.ctx, &world))
	f.must(s.CreateSection(f.ctx, &arab))
	ana := news.Author{Slug: "ana-ruiz", Name: "Ana Ruiz"}
	f.must(s.CreateAuthor(f.ctx, &ana))
	ed := news.User{Email: "ed@example.org", Name: "Ed 🗞", Role: news.RoleEditor, Language: "en", AuthorID: ana.ID,
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", CreatedAt: copyBase}
	f.must(s.CreateUser(f.ctx, &ed))
	topic := news.Topic{Kind: news.Person, Names: []news.TopicName{{Edition: "en", Name: "Pedro Sánchez", Slug: "pedro-sanchez"},
		{Edition: "ar", Name: "بيدرو سانشيز", Slug: "بيدرو-سانشيز"}}, Aliases: []string{"Sánchez"}}
	f.must(s.CreateTopic(f.ctx, &topic))
	ref, err := s.TopicByName(f.ctx, "en", "Pedro Sánchez")
	f.must(err)
	hook := news.Endpoint{URL: "https://hooks.example.org/in", Events: news.Events, Secret: "whsec_x", Active: true, CreatedAt: copyBase, CreatedBy: ed.ID}
	f.must(s.CreateEndpoint(f.ctx, &hook))

	lead := &news.Article{Edition: "en", Section: world, Slug: "harbour-strike", Kind: news.News, Headline: "Harbour pilots strike",
		Standfirst: "Ships wait.", BodyMarkdown: "The *harbour* is shut.", BodyHTML: "<p>The <em>harbour</em> is shut.</p>",
		Authors: []news.Author{ana}, Topics: []news.TopicRef{ref}, Status: news.Published, CreatedBy: ed.ID, EditedBy: ed.ID,
		Image:       &news.Image{Path: "2026/11/harbour.jpg", Width: 1600, Height: 900, Alt: "Cranes", Caption: "", Credit: "AP"},
		PublishedAt: copyBase.Add(-time.Hour), CreatedAt: copyBase.Add(-2 * time.Hour)}
	f.must(s.CreateArticle(f.ctx, lead))
	lead.Slug, lead.Headline = "harbour-pilots-strike", "Harbour pilots strike for a second day"
	f.must(s.UpdateArticle(f.ctx, lead)) // a second revision and an old slug
	f.must(s.AddCorrection(f.ctx, lead.ID, &news.Correction{Text: "An earlier version misnamed the port.", CreatedAt: copyBase}))
	arabic := &news.Article{Edition: "ar", Section: arab, Slug: "idrab", Kind: news.Analysis, Headline: "إضراب في الميناء",
		BodyMarkdown: "نص.", BodyHTML: "<p>نص.</p>", Status: news.Scheduled, PublishedAt: copyBase.Add(24 * time.Hour),
		CreatedAt: copyBase, TranslationGroup: lead.ID}
	f.must(s.CreateArticle(f.ctx, arabic)) // a scheduled story: a publish job
	follow := &news.Article{Edition: "en", Section: world, Slug: "harbour-reopens", Kind: news.Opinion, Headline: "The harbour reopens",
		Status: news.Draft, CreatedAt: copyBase}
	f.must(s.CreateArticle(f.ctx, follow))
	f.must(s.SetReadAlsoPick(f.ctx, lead.ID, follow.ID, news.Pin))
	f.must(s.RejectTopic(f.ctx, lead.ID, "name:harbour", ed.ID))
	f.must(s.SaveAutosave(f.ctx, news.Autosave{ArticleID: lead.ID, UserID: ed.ID, BaseRevision: 2, Fields: `{"headline":"Harbour"}`, SavedAt: copyBase}))

	f.must(s.CreateSession(f.ctx, news.Session{TokenHash: "sess-hash", UserID: ed.ID, CSRFToken: "csrf", CreatedAt: copyBase,
		LastSeenAt: copyBase, ExpiresAt: copyBase.Add(24 * time.Hour)}))
	f.must(s.CreateToken(f.ctx, &news.APIToken{UserID: ed.ID, Name: "CI", TokenHash: "token-hash", CreatedAt: copyBase}))
	f.must(s.RecordLoginFailure(f.ctx, []string{"account:ed@example.org", "client:192.0.2.1"}, copyBase))
	f.must(s.AddMedia(f.ctx, &news.MediaFile{Path: "2026/11/harbour.jpg", ContentType: "image/jpeg", Width: 1600, Height: 900,
		Bytes: 123456, UploadedBy: ed.ID, CreatedAt: copyBase}))
	f.must(s.RecordAudit(f.ctx, &news.AuditEntry{At: copyBase, UserID: ed.ID, UserName: ed.Name, Via: "cli",
		Action: "POST /admin/articles/{id}/publish", Target: fmt.Sprintf("/admin/articles/%d/publish", lead.ID)}))

	src := news.WireSource{Name: "Agency", Kind: news.SourceURL, URL: "https://wire.example.org/feed.xml", Edition: "en",
		SectionID: world.ID, Credit: "Agency", Interval: 5 * time.Minute, Active: false, CreatedAt: copyBase}
	f.must(s.CreateWireSource(f.ctx, &src))
	first := news.WireItem{SourceID: src.ID, GUID: "a1", Version: 1, Format: "rss", Title: "Strike", BodyHTML: "<p>Strike.</p>",
		Authors: []string{"Li Wei"}, ReceivedAt: copyBase, ContentHash: "h1", Fingerprint: 0xF00DFACE00000001, Status: news.WireNew}
	f.must(s.AddWireItem(f.ctx, &first))
	dup := first
	dup.ID, dup.GUID, dup.ContentHash, dup.Status, dup.DuplicateOf, dup.Similarity = 0, "a2", "h2", news.WireDuplicate, first.ID, 0.8765432101
	f.must(s.AddWireItem(f.ctx, &dup))

	var bulk []*news.Article
	for i := range stories {
		bulk = append(bulk, &news.Article{Edition: "en", Section: world, Slug: fmt.Sprintf("bulk-%d", i), Kind: news.News,
			Headline: fmt.Sprintf("Bulk story %d", i), BodyMarkdown: "Text.", BodyHTML: "<p>Text.</p>", Status: news.Published,
			PublishedAt: copyBase.Add(-time.Duration(i+2) * time.Hour), CreatedAt: copyBase.Add(-72 * time.Hour)})
	}
	if len(bulk) > 0 {
		f.must(s.CreateArticles(f.ctx, bulk))
	}
}

// sqliteSource fills a new SQLite store and returns its file, closed.
func sqliteSource(t *testing.T, stories int) string {
	t.Helper()
	dir := t.TempDir()
	s, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	fillEveryTable(t, s, stories)
	s.Close()
	return filepath.Join(dir, store.FileName)
}

func openSource(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.OpenReadOnly(store.Config{URL: "sqlite://" + path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func copyStore(t *testing.T, src, dst *store.Store, opt store.CopyOptions) store.CopyReport {
	t.Helper()
	r, err := store.CopyToPostgres(context.Background(), src, dst, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestCopyToPostgresCopiesEveryTable copies a store with rows in every
// table, checks the copy, copies again (nothing), and adds rows to the
// copy, which get new ids.
func TestCopyToPostgresCopiesEveryTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := openSource(t, sqliteSource(t, 30))
	dst := openPostgres(t)
	r := copyStore(t, src, dst, store.CopyOptions{BatchSize: 7})
	if len(r.Tables) < 25 || r.Sequences < 10 {
		t.Fatalf("copied %d tables and moved %d sequences; want every table and sequence", len(r.Tables), r.Sequences)
	}
	for _, tc := range r.Tables {
		// A table with no rows here is one fillEveryTable does not know:
		// give it some, so that its copy is tested.
		if tc.Source == 0 {
			t.Errorf("table %s has no rows in the source: fill it in fillEveryTable", tc.Table)
		}
		if !tc.OK() || tc.Copied != tc.Source && tc.Table != "search_meta" {
			t.Errorf("%s: copied %d, source %d, target %d, sums %.12s %.12s", tc.Table, tc.Copied, tc.Source, tc.Target, tc.SourceSum, tc.TargetSum)
		}
	}
	again := copyStore(t, src, dst, store.CopyOptions{})
	for _, tc := range again.Tables {
		if tc.Copied != 0 || !tc.OK() {
			t.Errorf("second run: %s copied %d (ok %v), want 0", tc.Table, tc.Copied, tc.OK())
		}
	}

	last, err := dst.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sec, err := dst.Section(ctx, "en", "world")
	if err != nil {
		t.Fatal(err)
	}
	a := &news.Article{Edition: "en", Section: sec, Slug: "after-the-move", Kind: news.News, Headline: "After the move",
		Status: news.Draft, CreatedAt: copyBase}
	if err := dst.CreateArticle(ctx, a); err != nil {
		t.Fatalf("a new story on the copy: %v (identities not moved on?)", err)
	}
	if a.ID != 34 {
		t.Errorf("new story's id = %d, want 34 (after the 33 copied)", a.ID)
	}
	if next, _ := dst.LastChange(ctx); next <= last {
		t.Errorf("change number after a save = %d, not past the copied %d", next, last)
	}
	e := news.AuditEntry{At: copyBase, UserName: "cli", Via: "cli", Action: "test", Target: "/"}
	if err := dst.RecordAudit(ctx, &e); err != nil || e.ID != 2 {
		t.Errorf("new audit entry: id %d, %v; want 2", e.ID, err)
	}
}

// TestCopyToPostgresResumes interrupts copies after a few batches, at
// several points, and runs them again: nothing is copied twice.
func TestCopyToPostgresResumes(t *testing.T) {
	t.Parallel()
	src := openSource(t, sqliteSource(t, 120))
	dst := openPostgres(t)
	inserted := map[string]int64{}
	for _, stopAfter := range []int{3, 9, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		batches := 0
		_, err := store.CopyToPostgres(ctx, src, dst, store.CopyOptions{BatchSize: 10, Progress: func(table string, n int64) {
			inserted[table] += n
			if batches++; batches == stopAfter {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted copy: %v, want context.Canceled", err)
		}
	}
	r := copyStore(t, src, dst, store.CopyOptions{BatchSize: 10, Progress: func(table string, n int64) { inserted[table] += n }})
	for _, tc := range r.Tables {
		if !tc.OK() {
			t.Errorf("%s after resuming: source %d, target %d, sums differ %v", tc.Table, tc.Source, tc.Target, tc.SourceSum != tc.TargetSum)
		}
		// A table a new store has a row in is given the source's by
		// replacing it; every other row is inserted once over all runs.
		if tc.Table != "search_meta" && tc.Table != "site_version" && inserted[tc.Table] != tc.Source {
			t.Errorf("%s: %d rows inserted over all runs, want the source's %d", tc.Table, inserted[tc.Table], tc.Source)
		}
	}
}

// sourcePath is a filled SQLite file, for tests that change it.
func sourcePath(t *testing.T) (string, *sql.DB) {
	t.Helper()
	path := sqliteSource(t, 0)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return path, db
}

func TestCopyToPostgresRefuses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := sqliteSource(t, 3)
	for name, tc := range map[string]struct {
		target func(t *testing.T, dst *store.Store)
		want   string
	}{
		"another store's rows": {
			target: func(t *testing.T, dst *store.Store) {
				for _, e := range news.DefaultEditions() {
					if err := dst.CreateEdition(ctx, e); err != nil {
						t.Fatal(err)
					}
				}
				if err := dst.CreateAuthor(ctx, &news.Author{Slug: "someone-else", Name: "Someone Else"}); err != nil {
					t.Fatal(err)
				}
			},
			want: "in table authors, the row with id=1 differs from the source's",
		},
		"a copy changed since": {
			target: func(t *testing.T, dst *store.Store) {
				copyStore(t, openSource(t, path), dst, store.CopyOptions{})
				if _, err := store.WritePool(dst).ExecContext(ctx, `UPDATE topic_aliases SET alias = 'Sanchez'`); err != nil {
					t.Fatal(err)
				}
			},
			want: "in table topic_aliases, the row with topic_id=1, folded=sanchez differs",
		},
		"rows the source lacks": {
			target: func(t *testing.T, dst *store.Store) {
				copyStore(t, openSource(t, path), dst, store.CopyOptions{})
				if _, err := store.WritePool(dst).ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES ('client:x', 1)`); err != nil {
					t.Fatal(err)
				}
			},
			want: "in table login_failures, a row is not in the source",
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dst := openPostgres(t)
			tc.target(t, dst)
			var before int
			store.ReadPool(dst).QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&before)
			_, err := store.CopyToPostgres(ctx, openSource(t, path), dst, store.CopyOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "already holds other data") {
				t.Fatalf("copy into a target with other data: %v; want %q", err, tc.want)
			}
			var after int
			store.ReadPool(dst).QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&after)
			if after != before {
				t.Errorf("a refused copy wrote %d stories", after-before)
			}
		})
	}
}

// TestCopyToPostgresUnknownTable: a table only the source has stops the
// copy before it writes anything, rather than being left behind.
func TestCopyToPostgresUnknownTable(t *testing.T) {
	t.Parallel()
	path, db := sourcePath(t)
	if _, err := db.Exec(`CREATE TABLE bylines_extra (id INTEGER PRIMARY KEY, note TEXT)`); err != nil {
		t.Fatal(err)
	}
	_, err := store.CopyToPostgres(context.Background(), openSource(t, path), openPostgres(t), store.CopyOptions{})
	if err == nil || !strings.Contains(err.Error(), "table bylines_extra is not in the PostgreSQL schema, so migrate-store does not know how to copy it") {
		t.Fatalf("copy with an unknown table: %v", err)
	}
}

// TestCopyToPostgresSourceWritten: a write to the source during the copy
// is reported, since the copy has the source as it was when it began.
func TestCopyToPostgresSourceWritten(t *testing.T) {
	t.Parallel()
	path, db := sourcePath(t)
	wrote := false
	_, err := store.CopyToPostgres(context.Background(), openSource(t, path), openPostgres(t), store.CopyOptions{
		Progress: func(string, int64) {
			if !wrote {
				wrote = true
				if _, err := db.Exec(`UPDATE authors SET name = 'Ana R.'`); err != nil {
					t.Error(err)
				}
			}
		}})
	if !errors.Is(err, store.ErrSourceChanged) {
		t.Fatalf("copy while the source is written: %v, want ErrSourceChanged", err)
	}
}

// TestOpenReadOnlyCannotWrite: the copy's source is never written.
func TestOpenReadOnlyCannotWrite(t *testing.T) {
	t.Parallel()
	path, _ := sourcePath(t)
	s := openSource(t, path)
	if err := s.CreateAuthor(context.Background(), &news.Author{Slug: "x", Name: "X"}); err == nil {
		t.Error("a store opened read-only created an author")
	}
	if _, err := store.OpenReadOnly(store.Config{DataDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "no SQLite store at") {
		t.Errorf("read-only open of a directory without a store: %v", err)
	}
}

// TestCopyToPostgresVerifies: a row changed in the target after it was
// copied fails the verification, which names the table.
func TestCopyToPostgresVerifies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dst := openPostgres(t)
	r, err := store.CopyToPostgres(ctx, openSource(t, sqliteSource(t, 0)), dst, store.CopyOptions{
		Progress: func(table string, _ int64) {
			if table == "users" { // after authors, which users refer to
				if _, err := store.WritePool(dst).ExecContext(ctx, `UPDATE authors SET name = 'Ana R.'`); err != nil {
					t.Error(err)
				}
			}
		}})
	want := "the copy does not match the source: authors (1 rows in the source, 1 in the target; the row with id=1 differs from the source's)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("copy changed under way: %v; want %q", err, want)
	}
	for _, tc := range r.Tables {
		if tc.OK() == (tc.Table == "authors") {
			t.Errorf("%s: OK %v", tc.Table, tc.OK())
		}
	}
}
