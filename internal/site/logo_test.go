package site

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var updateLogo = flag.Bool("update-logo", false, "rewrite assets/logo.png from drawLogo")

// The committed logo is what drawLogo draws, so the two cannot drift.
func TestLogoMatchesDrawing(t *testing.T) {
	got := drawLogo()
	if *updateLogo {
		if err := os.WriteFile("assets/logo.png", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("assets/logo.png")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("assets/logo.png is stale; run go test ./internal/site -run Logo -update-logo")
	}
}
