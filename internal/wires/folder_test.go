package wires_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/wires"
)

func TestDropFolderHandlesEachFileOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for i, name := range []string{"b.xml", "a.json", ".hidden.xml", "upload.xml.part", "c.xml.tmp", "d.xml"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("<rss/>"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old.Add(time.Duration(i)*time.Minute), old.Add(time.Duration(i)*time.Minute))
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.Symlink("/etc/passwd", filepath.Join(dir, "link.xml"))

	got, err := wires.PendingFiles(dir)
	if err != nil || !slices.Equal(got, []string{"b.xml", "a.json", "d.xml"}) {
		t.Fatalf("PendingFiles = %q, %v; want oldest first, no dot, temp, directory or link", got, err)
	}
	for _, name := range []string{"b.xml", "a.json", "d.xml"} {
		if mine, err := wires.Claim(dir, name); !mine || err != nil {
			t.Fatalf("Claim(%s) = %v, %v", name, mine, err)
		}
	}
	if mine, err := wires.Claim(dir, "b.xml"); mine || err != nil {
		t.Errorf("a second scanner claimed b.xml: %v, %v", mine, err)
	}
	if got, _ := wires.PendingFiles(dir); len(got) != 0 {
		t.Errorf("claimed files still pending: %q", got)
	}
	if err := wires.Unclaim(dir, "d.xml"); err != nil {
		t.Fatal(err)
	}
	if err := wires.MarkProcessed(dir, "b.xml"); err != nil {
		t.Fatal(err)
	}
	if err := wires.MarkRejected(dir, "a.json", "not a feed: the file is empty"); err != nil {
		t.Fatal(err)
	}
	reason, err := os.ReadFile(filepath.Join(dir, "rejected", "a.json.reason.txt"))
	if err != nil || !strings.Contains(string(reason), "the file is empty") {
		t.Errorf("reason file %q, %v", reason, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "processed", "b.xml")); err != nil {
		t.Errorf("processed file: %v", err)
	}
	if got, _ := wires.PendingFiles(dir); !slices.Equal(got, []string{"d.xml"}) {
		t.Errorf("after marking and putting d.xml back, PendingFiles = %q", got)
	}
	if err := wires.MarkProcessed(dir, "../escape.xml"); err == nil {
		t.Error("MarkProcessed accepted a path")
	}
	if err := wires.MarkProcessed(dir, "b.xml"); err == nil {
		t.Error("a file was marked twice")
	}
	if _, err := wires.PendingFiles(filepath.Join(dir, "missing")); err == nil {
		t.Error("PendingFiles of a missing folder succeeded")
	}
}

// A file claimed by a scanner that died is put back once the claim is
// stale, and only then.
func TestStaleClaimsAreRecovered(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"fresh.xml", "stale.xml"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("<rss/>"), 0o644); err != nil {
			t.Fatal(err)
		}
		if mine, err := wires.Claim(dir, name); !mine || err != nil {
			t.Fatalf("Claim(%s) = %v, %v", name, mine, err)
		}
	}
	long := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, wires.ClaimedDir, "stale.xml"), long, long)
	if err := wires.RecoverClaims(dir); err != nil {
		t.Fatal(err)
	}
	if got, _ := wires.PendingFiles(dir); !slices.Equal(got, []string{"stale.xml"}) {
		t.Errorf("after recovery, PendingFiles = %q, want only the stale claim back", got)
	}
}
