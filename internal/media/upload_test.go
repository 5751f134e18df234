package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/webp"

	"github.com/bylinehq/byline/internal/news"
)

func TestIngestStores(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		data     []byte
		wantType string
		wantW    int
		wantH    int
		variants []int
	}{
		{"jpeg as jpeg with both variants", encodeJPEG(t, photo(1000, 600)), "image/jpeg", 1000, 600, []int{480, 800}},
		{"opaque png as jpeg", encodePNG(t, photo(640, 480)), "image/jpeg", 640, 480, []int{480}},
		{"png with transparency kept as png", encodePNG(t, withHole(photo(900, 300))), "image/png", 900, 300, []int{480, 800}},
		{"opaque gif as jpeg", encodeGIF(t, photo(300, 200)), "image/jpeg", 300, 200, nil},
		{"gif with transparent index kept as png", transparentGIF(t, 500, 100), "image/png", 500, 100, []int{480}},
		{"gif frame smaller than its screen padded with transparency", partialGIF(t), "image/png", 60, 40, nil},
		{"opaque webp as jpeg", mustHex(webpLossy1x1), "image/jpeg", 1, 1, nil},
		{"transparent webp with alpha chunk kept as png", mustHex(webpAlpha1x1), "image/png", 1, 1, nil},
		{"transparent lossless webp kept as png with variants", webpLossless(1000, 500), "image/png", 1000, 500, []int{480, 800}},
		{"image as wide as a variant gets no such variant", encodeJPEG(t, photo(480, 270)), "image/jpeg", 480, 270, nil},
		{"image one pixel wider than a variant gets it", encodeJPEG(t, photo(481, 270)), "image/jpeg", 481, 270, []int{480}},
		{"image as wide as the largest variant gets only smaller ones", encodeJPEG(t, photo(800, 10)), "image/jpeg", 800, 10, []int{480}},
		{"portrait image keeps aspect ratio", encodePNG(t, photo(801, 1201)), "image/jpeg", 801, 1201, []int{480, 800}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lib := Library{Root: t.TempDir()}
			mf, err := lib.Ingest(bytes.NewReader(tt.data), DefaultLimits)
			if err != nil {
				t.Fatalf("Ingest: %v", err)
			}
			if mf.ContentType != tt.wantType || mf.Width != tt.wantW || mf.Height != tt.wantH {
				t.Errorf("Ingest = %s %d×%d, want %s %d×%d", mf.ContentType, mf.Width, mf.Height, tt.wantType, tt.wantW, tt.wantH)
			}
			checkStored(t, lib, mf, tt.variants)
		})
	}
}

func TestIngestRefuses(t *testing.T) {
	t.Parallel()
	truncated := encodeJPEG(t, photo(400, 300))
	truncated = truncated[:len(truncated)/2]
	animated := mustHex(webpAlpha1x1)
	animated[20] |= 1 << 1 // VP8X animation flag
	const notAccepted = "not an image Byline accepts; upload a JPEG, PNG, GIF or WebP image"
	tests := []struct {
		name string
		r    io.Reader
		lim  Limits
		want string
	}{
		{"html named like a jpeg", strings.NewReader("<!DOCTYPE html><html><script>alert(1)</script></html>"), Limits{}, notAccepted},
		{"svg", strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), Limits{}, notAccepted},
		{"pdf", strings.NewReader("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), Limits{}, notAccepted},
		{"plain text", strings.NewReader("just some words"), Limits{}, notAccepted},
		{"bmp", bytes.NewReader(append([]byte("BM"), make([]byte, 60)...)), Limits{}, notAccepted},
		{"empty file", strings.NewReader(""), Limits{}, "empty"},
		{"truncated jpeg", bytes.NewReader(truncated), Limits{}, "JPEG image but is damaged or incomplete"},
		{"jpeg magic alone", strings.NewReader("\xff\xd8\xff"), Limits{}, "JPEG image but is damaged or incomplete"},
		{"webp with missing pixel data", bytes.NewReader(webpLossyWithSize(1000, 500)), Limits{}, "WebP image but is damaged or incomplete"},
		{"animated webp", bytes.NewReader(animated), Limits{}, "animated WebP"},
		{"gif declaring no pixels", strings.NewReader("GIF89a\x00\x00\x00\x00\x00\x00\x00;"), Limits{}, "no pixels"},
		{"over the default byte limit", io.LimitReader(endless('x'), 20<<20+1), Limits{}, "at most 20 MB"},
		{"over a given byte limit", bytes.NewReader(encodeJPEG(t, photo(200, 200))), Limits{MaxBytes: 1000}, "at most 1000 bytes"},
		{"over the handler's byte limit", http.MaxBytesReader(nil, io.NopCloser(endless('x')), 2048), Limits{}, "at most 2 KB"},
		{"png declaring 50000×50000", bytes.NewReader(pngHeader(50000, 50000)), Limits{}, "images may have at most 40 megapixels"},
		{"webp declaring 16384×16384", bytes.NewReader(webpLossless(16384, 16384)), Limits{}, "images may have at most 40 megapixels"},
		{"png wider than the side limit", bytes.NewReader(pngHeader(12001, 2)), Limits{}, "each side may be at most 12000 pixels"},
		{"png over a given pixel limit", bytes.NewReader(encodePNG(t, photo(101, 100))), Limits{MaxPixels: 10_000}, "at most 0.01 megapixels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lib := Library{Root: t.TempDir()}
			_, err := lib.Ingest(tt.r, tt.lim)
			if news.ErrorCode(err) != news.CodeInvalid {
				t.Fatalf("Ingest error = %v, want an invalid error", err)
			}
			if msg := news.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message = %q, want it to contain %q", msg, tt.want)
			}
			if files := listFiles(t, lib.Root); len(files) > 0 {
				t.Errorf("refused upload wrote %v", files)
			}
		})
	}
}

// Not parallel, so that no other test's allocations are counted.
func TestIngestRefusesDecompressionBombWithoutDecoding(t *testing.T) {
	lib := Library{Root: t.TempDir()}
	bomb := pngHeader(50000, 50000) // 10 GB of pixels in under 100 bytes
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := lib.Ingest(bytes.NewReader(bomb), DefaultLimits)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if !strings.Contains(news.ErrorMessage(err), "50000×50000 pixels") {
		t.Fatalf("Ingest error = %v, want the pixel limit", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes", n)
	}
	if elapsed > 2*time.Second {
		t.Errorf("refusing the bomb took %v", elapsed)
	}
}

func TestIngestSameImageTwiceSharesOnePath(t *testing.T) {
	t.Parallel()
	lib := Library{Root: t.TempDir()}
	data := encodeJPEG(t, photo(900, 500))
	first, err := lib.Ingest(bytes.NewReader(data), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	filesBefore := listFiles(t, lib.Root)
	second, err := lib.Ingest(bytes.NewReader(data), DefaultLimits)
	if err != nil {
		t.Fatalf("second Ingest: %v", err)
	}
	if second != first {
		t.Errorf("second Ingest = %+v, want %+v", second, first)
	}
	if files := listFiles(t, lib.Root); !slices.Equal(files, filesBefore) {
		t.Errorf("files after second upload = %v, want %v", files, filesBefore)
	}
}

func TestIngestStripsMetadata(t *testing.T) {
	t.Parallel()
	const secret = "GPS 48.8583N 2.2945E"
	img := photo(300, 200)
	plainJPEG := encodeJPEG(t, img)
	exifJPEG := withJPEGSegment(plainJPEG, 0xe1, append([]byte("Exif\x00\x00"), secret...))
	textPNG := withPNGChunk(encodePNG(t, withHole(img)), "tEXt", []byte("Comment\x00"+secret))
	lib := Library{Root: t.TempDir()}

	plain, err := lib.Ingest(bytes.NewReader(plainJPEG), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"jpeg with exif": exifJPEG, "png with text": textPNG} {
		if !bytes.Contains(data, []byte(secret)) {
			t.Fatalf("%s: fixture lacks the metadata", name)
		}
		mf, err := lib.Ingest(bytes.NewReader(data), DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if stored := readStored(t, lib, mf.Path); bytes.Contains(stored, []byte(secret)) {
			t.Errorf("%s: stored file keeps the metadata", name)
		}
		if name == "jpeg with exif" && mf.Path != plain.Path {
			t.Errorf("%s stored at %s, want the same path as without exif, %s", name, mf.Path, plain.Path)
		}
	}
}

func TestExists(t *testing.T) {
	t.Parallel()
	lib := Library{Root: t.TempDir()}
	mf, err := lib.Ingest(bytes.NewReader(encodeJPEG(t, photo(600, 400))), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{
		mf.Path:                   true,
		VariantPath(mf.Path, 480): true,
		VariantPath(mf.Path, 800): false,
		"uploads/missing.jpg":     false,
		"uploads":                 false,
		"":                        false,
	} {
		if got := lib.Exists(p); got != want {
			t.Errorf("Exists(%q) = %v, want %v", p, got, want)
		}
	}
}

// The WebP fixtures are hand-made, so check them with the real decoder
// before the tests above rely on them.
func TestWebPFixturesDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		data   []byte
		w, h   int
		opaque bool
	}{
		{"lossy 1×1", mustHex(webpLossy1x1), 1, 1, true},
		{"alpha 1×1", mustHex(webpAlpha1x1), 1, 1, false},
		{"lossless 1000×500", webpLossless(1000, 500), 1000, 500, false},
		{"lossless 16384×3", webpLossless(16384, 3), 16384, 3, false},
	}
	for _, tt := range tests {
		img, err := webp.Decode(bytes.NewReader(tt.data))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if b := img.Bounds(); b != image.Rect(0, 0, tt.w, tt.h) || hasTransparency(img) == tt.opaque {
			t.Errorf("%s: bounds %v, transparent %v", tt.name, b, hasTransparency(img))
		}
	}
	if _, err := webp.Decode(bytes.NewReader(webpLossyWithSize(1000, 500))); err == nil {
		t.Error("the lossy WebP resized without pixel data decodes")
	}
}

// checkStored verifies the files Ingest reported: the full-size file named
// by its hash with the reported size, type and dimensions, and exactly the
// variants wanted, each with the aspect ratio kept.
func checkStored(t *testing.T, lib Library, mf news.MediaFile, variants []int) {
	t.Helper()
	if !regexp.MustCompile(`^uploads/[0-9a-f]{20}\.(jpg|png)$`).MatchString(mf.Path) {
		t.Fatalf("path %q is not content-addressed", mf.Path)
	}
	data := readStored(t, lib, mf.Path)
	sum := sha256.Sum256(data)
	if name := strings.TrimPrefix(mf.Path, "uploads/"); !strings.HasPrefix(name, hex.EncodeToString(sum[:10])) {
		t.Errorf("path %q does not match the content's hash", mf.Path)
	}
	if int64(len(data)) != mf.Bytes {
		t.Errorf("Bytes = %d, stored file has %d", mf.Bytes, len(data))
	}
	if w, h := decodeStored(t, data, mf.ContentType); w != mf.Width || h != mf.Height {
		t.Errorf("stored image is %d×%d, reported %d×%d", w, h, mf.Width, mf.Height)
	}
	want := []string{mf.Path}
	for _, vw := range variants {
		p := VariantPath(mf.Path, vw)
		want = append(want, p)
		wantH := max(1, (mf.Height*vw+mf.Width/2)/mf.Width)
		if w, h := decodeStored(t, readStored(t, lib, p), mf.ContentType); w != vw || h != wantH {
			t.Errorf("variant %s is %d×%d, want %d×%d", p, w, h, vw, wantH)
		}
	}
	slices.Sort(want)
	if files := listFiles(t, lib.Root); !slices.Equal(files, want) {
		t.Errorf("library holds %v, want %v", files, want)
	}
}

// decodeStored decodes a stored file with the decoder for its reported
// content type, so a file whose bytes disagree with its type fails.
func decodeStored(t *testing.T, data []byte, contentType string) (w, h int) {
	t.Helper()
	var img image.Image
	var err error
	switch contentType {
	case "image/jpeg":
		img, err = jpeg.Decode(bytes.NewReader(data))
	case "image/png":
		img, err = png.Decode(bytes.NewReader(data))
	default:
		t.Fatalf("unexpected content type %q", contentType)
	}
	if err != nil {
		t.Fatalf("stored %s does not decode: %v", contentType, err)
	}
	return img.Bounds().Dx(), img.Bounds().Dy()
}

func readStored(t *testing.T, lib Library, p string) []byte {
	t.Helper()
	abs, err := lib.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		t.Fatalf("reading stored file: %v", err)
	}
	return data
}

// listFiles returns the slash paths of every file under root, sorted; none
// when root was never created.
func listFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// photo paints an opaque gradient, different at every size.
func photo(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x + y) % 256), 0xff})
		}
	}
	return img
}

// withHole makes the top-left tenth of img fully transparent.
func withHole(img *image.NRGBA) *image.NRGBA {
	b := img.Bounds()
	for y := range b.Dy() / 10 {
		for x := range b.Dx() / 10 {
			img.Set(x, y, color.NRGBA{})
		}
	}
	return img
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeGIF(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// transparentGIF is a red w×h GIF whose left half is the transparent index.
func transparentGIF(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Transparent, color.RGBA{0xff, 0, 0, 0xff}})
	for y := range h {
		for x := w / 2; x < w; x++ {
			img.SetColorIndex(x, y, 1)
		}
	}
	return encodeGIF(t, img)
}

// partialGIF is a 60×40 GIF whose only frame is an opaque 20×20 square
// inside it.
func partialGIF(t testing.TB) []byte {
	t.Helper()
	frame := image.NewPaletted(image.Rect(10, 10, 30, 30), color.Palette{color.Black, color.White})
	var buf bytes.Buffer
	err := gif.EncodeAll(&buf, &gif.GIF{
		Image:  []*image.Paletted{frame},
		Delay:  []int{0},
		Config: image.Config{ColorModel: frame.Palette, Width: 60, Height: 40},
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngHeader is a well-formed PNG declaring a w×h RGB image and holding
// almost no pixel data: a decompression bomb as far as its header goes.
func pngHeader(w, h int) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	data := []byte("\x89PNG\r\n\x1a\n")
	data = append(data, pngChunk("IHDR", ihdr)...)
	data = append(data, pngChunk("IDAT", []byte{0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01})...)
	return append(data, pngChunk("IEND", nil)...)
}

func pngChunk(typ string, body []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
	c = append(c, typ...)
	c = append(c, body...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// withPNGChunk inserts a chunk right after a PNG's IHDR.
func withPNGChunk(data []byte, typ string, body []byte) []byte {
	const afterIHDR = 8 + 4 + 4 + 13 + 4
	return slices.Concat(data[:afterIHDR], pngChunk(typ, body), data[afterIHDR:])
}

// withJPEGSegment inserts a marker segment right after a JPEG's SOI.
func withJPEGSegment(data []byte, marker byte, body []byte) []byte {
	seg := binary.BigEndian.AppendUint16([]byte{0xff, marker}, uint16(len(body)+2))
	return slices.Concat(data[:2], seg, body, data[2:])
}

// Tiny WebP files, the probes browsers' feature tests use: a 1×1 opaque
// grey lossy image (VP8), a 1×1 transparent extended image (VP8X, ALPH and
// VP8 chunks) and a 1×1 transparent lossless image (VP8L).
// TestWebPFixturesDecode checks them.
const (
	webpLossy1x1    = "52494646220000005745425056503820160000003001009d012a010001000ec0fe25a400037000000000"
	webpAlpha1x1    = "524946464a00000057454250565038580a00000010000000000000000000414c50480c00000011071011fd0f4444ff03000056503820180000001401009d012a010001000000fe00000dc000fee6b5000000"
	webpLossless1x1 = "524946461a000000574542505650384c0d0000002f00000010071011118888fe0700"
)

// webpLossless is a w×h lossless WebP of transparent black: the 1×1 probe
// with the size in its VP8L header rewritten. Each of its Huffman codes has
// a single symbol, so pixels take no bits and any size up to 16384×16384 is
// a valid image.
func webpLossless(w, h int) []byte {
	data := mustHex(webpLossless1x1)
	const header = 21 // after RIFF, WEBP, "VP8L", chunk size and signature
	v := binary.LittleEndian.Uint32(data[header:])
	v = v&^(1<<28-1) | uint32(w-1) | uint32(h-1)<<14
	binary.LittleEndian.PutUint32(data[header:], v)
	return data
}

// webpLossyWithSize is the lossy 1×1 probe claiming to be w×h: its frame
// header is valid but the pixel data runs out.
func webpLossyWithSize(w, h int) []byte {
	data := mustHex(webpLossy1x1)
	i := bytes.Index(data, []byte{0x9d, 0x01, 0x2a}) + 3 // after the VP8 start code
	binary.LittleEndian.PutUint16(data[i:], uint16(w))
	binary.LittleEndian.PutUint16(data[i+2:], uint16(h))
	return data
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// endless is a reader of one byte repeated for ever.
type endless byte

func (b endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}
