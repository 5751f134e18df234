package media

import (
	"bytes"
	"image"
	"testing"
)

func BenchmarkZZIngest(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 8000, 5000))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	data := encodeJPEG(b, img)
	lib := Library{Root: b.TempDir()}
	for b.Loop() {
		lib.Ingest(bytes.NewReader(data), DefaultLimits)
	}
}
