package media

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestVariantPath(t *testing.T) {
	if got := VariantPath("demo/ab12.jpg", 480); got != "demo/ab12-480w.jpg" {
		t.Errorf("VariantPath = %q", got)
	}
}

func TestAbsStaysInside(t *testing.T) {
	lib := Library{Root: "/srv/media"}
	for p, want := range map[string]string{
		"demo/a.jpg":       "/srv/media/demo/a.jpg",
		"../../etc/passwd": "/srv/media/etc/passwd",
		"/abs/x.jpg":       "/srv/media/abs/x.jpg",
	} {
		got, err := lib.Abs(p)
		if err != nil || got != want {
			t.Errorf("Abs(%q) = %q, %v; want %q", p, got, err, want)
		}
	}
	for _, bad := range []string{"", "/", `a\..\b`} {
		if _, err := lib.Abs(bad); err == nil {
			t.Errorf("Abs(%q) should fail", bad)
		}
	}
}

func TestWriteAndServe(t *testing.T) {
	lib := Library{Root: t.TempDir()}
	if err := lib.Write("demo/x.jpg", []byte("\xff\xd8\xff\xe0 not really a jpeg")); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(filepath.Join(lib.Root, "demo")); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	h := http.StripPrefix("/media/", lib.Handler())
	for path, want := range map[string]int{"/media/demo/x.jpg": 200, "/media/demo/": 404, "/media/demo/nope.jpg": 404, "/media/demo/.hidden": 404} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != want {
			t.Errorf("GET %s = %d, want %d", path, rec.Code, want)
		}
		if want == 200 && rec.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("Cache-Control = %q", rec.Header().Get("Cache-Control"))
		}
	}
}
