package media

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"github.com/bylinehq/byline/internal/news"
)

// FuzzIngest feeds Ingest arbitrary bytes: it must never panic, must refuse
// with an invalid error and nothing written, or store a file that decodes
// as its reported type at its reported size, with its variants.
func FuzzIngest(f *testing.F) {
	small := photo(40, 30)
	for _, seed := range [][]byte{
		encodeJPEG(f, small),
		encodePNG(f, small),
		encodePNG(f, withHole(photo(40, 30))),
		encodeGIF(f, small),
		transparentGIF(f, 9, 4),
		partialGIF(f),
		encodePNG(f, image.NewGray16(image.Rect(0, 0, 3, 2))),
		encodePNG(f, image.NewPaletted(image.Rect(0, 0, 2, 2), color.Palette{color.Transparent})),
		mustHex(webpLossy1x1),
		mustHex(webpAlpha1x1),
		webpLossless(600, 2),
		pngHeader(5000, 5000),
		[]byte("<svg/>"),
	} {
		f.Add(seed)
	}
	// Small limits keep each run fast while still letting a variant be made.
	lim := Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 20, MaxSide: 2048}
	f.Fuzz(func(t *testing.T, data []byte) {
		lib := Library{Root: t.TempDir()}
		mf, err := lib.Ingest(bytes.NewReader(data), lim)
		if err != nil {
			if news.ErrorCode(err) != news.CodeInvalid {
				t.Fatalf("Ingest error = %v, want an invalid error", err)
			}
			if files := listFiles(t, lib.Root); len(files) > 0 {
				t.Fatalf("refused upload wrote %v", files)
			}
			return
		}
		var variants []int
		for _, w := range Widths {
			if w < mf.Width {
				variants = append(variants, w)
			}
		}
		checkStored(t, lib, mf, variants)
	})
}
