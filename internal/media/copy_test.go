package media

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o640); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCopyMissingCopiesWhatIsMissingOnce(t *testing.T) {
	from, to := Library{Root: t.TempDir()}, Library{Root: t.TempDir()}
	writeFiles(t, from.Root, map[string]string{"demo/a.jpg": "aaaa", "demo/a-480w.jpg": "aa", "2026/11/b.png": "bbbbbb", "demo/.upload-123": "half"})
	writeFiles(t, to.Root, map[string]string{"demo/a.jpg": "aaaa"})
	ctx := context.Background()
	res, err := to.CopyMissing(ctx, from)
	if err != nil || res != (CopyResult{Files: 3, Copied: 2, Present: 1, Bytes: 8}) {
		t.Fatalf("first copy: %+v, %v", res, err)
	}
	if b, err := os.ReadFile(filepath.Join(to.Root, "2026", "11", "b.png")); err != nil || string(b) != "bbbbbb" {
		t.Errorf("copied file: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(to.Root, "demo", ".upload-123")); err == nil {
		t.Error("an unfinished upload was copied")
	}
	res, err = to.CopyMissing(ctx, from)
	if err != nil || res != (CopyResult{Files: 3, Present: 3}) {
		t.Errorf("second copy: %+v, %v", res, err)
	}
}

func TestCopyMissingRefusesAFileOfAnotherSize(t *testing.T) {
	from, to := Library{Root: t.TempDir()}, Library{Root: t.TempDir()}
	writeFiles(t, from.Root, map[string]string{"demo/a.jpg": "aaaa", "demo/b.jpg": "bb"})
	writeFiles(t, to.Root, map[string]string{"demo/a.jpg": "a"})
	res, err := to.CopyMissing(context.Background(), from)
	if err == nil || !strings.Contains(err.Error(), "demo/a.jpg (1 bytes here, 4 in the source)") {
		t.Fatalf("copy over a damaged file: %v", err)
	}
	if res.Copied != 1 {
		t.Errorf("the other file was not copied: %+v", res)
	}
	if b, _ := os.ReadFile(filepath.Join(to.Root, "demo", "a.jpg")); string(b) != "a" {
		t.Errorf("the differing file was overwritten: %q", b)
	}
}
