package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
)

type ack struct {
	id       int64
	revision int
	at       time.Time
}

// TestBackupUnderWriteLoadRestoresEveryAcknowledgedStory: a backup taken
// while a writer creates and edits stories restores to a store that passes
// SQLite's integrity check, holds every story and revision acknowledged
// before the backup began, and has nothing half-written: every story's
// revisions are all there and its fields are those of its last revision.
func TestBackupUnderWriteLoadRestoresEveryAcknowledgedStory(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	st, err := store.Open(ctx, store.Config{DataDir: src})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sec, author := seed(t, st)
	writeMedia(t, filepath.Join(src, "media", "uploads", "ab", "harbour.jpg"), "jpeg bytes")

	var mu sync.Mutex
	var acks []ack
	stop := make(chan struct{})
	done := make(chan error)
	go func() { done <- write(ctx, st, sec, author, stop, &mu, &acks) }()
	for n := 0; n < 40; time.Sleep(5 * time.Millisecond) {
		mu.Lock()
		n = len(acks)
		mu.Unlock()
	}
	began := time.Now()
	var archive bytes.Buffer
	m, err := Write(ctx, st, filepath.Join(src, "media"), &archive, began)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // the writer goes on after the backup
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if m.Media != 1 || m.Database.SHA256 == "" {
		t.Errorf("manifest %+v", m)
	}

	dst := filepath.Join(t.TempDir(), "restored")
	if _, err := Restore(ctx, bytes.NewReader(archive.Bytes()), dst); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dst, "media", "uploads", "ab", "harbour.jpg")); err != nil || string(b) != "jpeg bytes" {
		t.Errorf("restored media: %q, %v", b, err)
	}
	got, err := store.Open(ctx, store.Config{DataDir: dst})
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if err := got.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	checked := compare(t, st, got, acks, began)
	t.Logf("%d writes acknowledged, %d before the backup began, all restored", len(acks), checked)
	if checked < 40 {
		t.Errorf("only %d writes were acknowledged before the backup", checked)
	}
}

func seed(t *testing.T, st *store.Store) (news.Section, news.Author) {
	t.Helper()
	ctx := context.Background()
	for _, e := range news.DefaultEditions() {
		if err := st.CreateEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	sec := news.Section{Edition: "en", Slug: "world", Name: "World", Position: 1}
	author := news.Author{Slug: "desk", Name: "Desk"}
	if err := st.CreateSection(ctx, &sec); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateAuthor(ctx, &author); err != nil {
		t.Fatal(err)
	}
	return sec, author
}

func writeMedia(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o640); err != nil {
		t.Fatal(err)
	}
}

// write creates stories and edits each once, recording every save the
// store acknowledged, until stop.
func write(ctx context.Context, st *store.Store, sec news.Section, author news.Author, stop chan struct{}, mu *sync.Mutex, acks *[]ack) error {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return nil
		default:
		}
		a := &news.Article{Edition: "en", Section: sec, Slug: fmt.Sprintf("story-%d", i), Kind: news.News,
			Headline: fmt.Sprintf("Story %d", i), BodyMarkdown: "Body.", BodyHTML: "<p>Body.</p>", Authors: []news.Author{author},
			Status: news.Published, PublishedAt: time.Now(), CreatedAt: time.Now()}
		if err := st.CreateArticle(ctx, a); err != nil {
			return err
		}
		record(mu, acks, a)
		a.Headline += " (updated)"
		if err := st.UpdateArticle(ctx, a); err != nil {
			return err
		}
		record(mu, acks, a)
	}
}

func record(mu *sync.Mutex, acks *[]ack, a *news.Article) {
	mu.Lock()
	*acks = append(*acks, ack{a.ID, a.Revision, time.Now()})
	mu.Unlock()
}

// compare checks the restored store against the acknowledgements and the
// source's revisions; it returns how many writes it held to the backup.
func compare(t *testing.T, src, got *store.Store, acks []ack, began time.Time) int {
	t.Helper()
	ctx := context.Background()
	n := 0
	for _, k := range acks {
		if !k.at.Before(began) {
			continue
		}
		n++
		a, err := got.Article(ctx, k.id)
		if err != nil {
			t.Fatalf("story %d (acknowledged before the backup) is missing: %v", k.id, err)
		}
		if a.Revision < k.revision {
			t.Errorf("story %d at revision %d, acknowledged at %d", k.id, a.Revision, k.revision)
		}
	}
	all, err := got.StoryChanges(ctx, 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		a, err := got.Article(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		revs, err := got.Revisions(ctx, a.ID)
		if err != nil || len(revs) != a.Revision {
			t.Errorf("story %d at revision %d has %d revisions (%v)", a.ID, a.Revision, len(revs), err)
		}
		want, err := src.Revision(ctx, a.ID, a.Revision)
		if err != nil || want.Headline != a.Headline {
			t.Errorf("story %d: headline %q, the source's revision %d says %q (%v)", a.ID, a.Headline, a.Revision, want.Headline, err)
		}
	}
	return n
}

// TestRestoreRefusesBadInputAndChangesNothing: a restore into a directory
// in use, of a damaged archive, or of one that names a file outside the
// target, fails with a reason and leaves the target as it was.
func TestRestoreRefusesBadInputAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	st, err := store.Open(ctx, store.Config{DataDir: src})
	if err != nil {
		t.Fatal(err)
	}
	seed(t, st)
	var good bytes.Buffer
	if _, err := Write(ctx, st, filepath.Join(src, "media"), &good, time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()

	used := t.TempDir()
	writeMedia(t, filepath.Join(used, "keep.txt"), "mine")
	cases := []struct {
		name, dir string
		archive   []byte
		want      string
	}{
		{"a directory in use", used, good.Bytes(), "not empty"},
		{"a truncated archive", "", good.Bytes()[:good.Len()/2], "damaged"},
		{"not an archive", "", []byte("hello"), "not a Byline backup"},
		{"a name outside the target", "", evilArchive(t, "../escape.txt"), "refusing the file name"},
		{"a tampered database", "", tampered(t, good.Bytes()), "checksum"},
	}
	for _, c := range cases {
		dir := c.dir
		if dir == "" {
			dir = filepath.Join(t.TempDir(), "restored")
		}
		_, err := Restore(ctx, bytes.NewReader(c.archive), dir)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
		entries, _ := os.ReadDir(dir)
		if c.dir == "" && len(entries) > 0 {
			t.Errorf("%s: the target has %d entries after a failed restore", c.name, len(entries))
		}
		siblings, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".byline-restore-*"))
		if len(siblings) > 0 {
			t.Errorf("%s: left %v behind", c.name, siblings)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(used, "keep.txt")); string(b) != "mine" {
		t.Error("a refused restore changed the directory in use")
	}
}

func evilArchive(t *testing.T, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	m := fmt.Sprintf(`{"format": %d}`, Format)
	for _, f := range []struct{ name, body string }{{manifestName, m}, {name, "x"}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o640, Size: int64(len(f.body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(f.body))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

// tampered rewrites an archive with one byte of the database changed.
func tampered(t *testing.T, archive []byte) []byte {
	t.Helper()
	gr, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gr)
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for {
		h, err := tr.Next()
		if err != nil {
			break
		}
		var body bytes.Buffer
		body.ReadFrom(tr)
		b := body.Bytes()
		if h.Name == store.FileName {
			b[len(b)-1] ^= 0xff
		}
		tw.WriteHeader(h)
		tw.Write(b)
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}
