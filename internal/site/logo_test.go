package site

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var updateLogo = flag.Bool("update-logo", false, "rewrite assets/logo.png and assets/card.png from their drawings")

// The committed images are what the code draws, so the two cannot drift.
func TestLogoMatchesDrawing(t *testing.T) {
	for file, draw := range map[string]func() []byte{"assets/logo.png": drawLogo, "assets/card.png": drawCard} {
		got := draw()
		if *updateLogo {
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale; run go test ./internal/site -run Logo -update-logo", file)
		}
	}
}
