package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"net/http"
	"os"
	"slices"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/bylinehq/byline/internal/news"
)

// Limits bound what Ingest accepts, so that one upload cannot exhaust the
// server's memory or disk. A zero (or negative) field takes its value from
// DefaultLimits.
type Limits struct {
	// MaxBytes bounds the uploaded file.
	MaxBytes int64
	// MaxPixels bounds width × height. It is checked against the image
	// header before any pixel is decoded; decoding then needs up to about
	// 4 bytes per pixel.
	MaxPixels int
	// MaxSide bounds the width and the height each. Above 65535 an image
	// can no longer be stored as JPEG.
	MaxSide int
}

// DefaultLimits are the limits for newsroom lead images.
var DefaultLimits = Limits{MaxBytes: 20 << 20, MaxPixels: 40_000_000, MaxSide: 12_000}

// acceptedFormats is the phrase every refusal of a file's type ends with.
const acceptedFormats = "upload a JPEG, PNG, GIF or WebP image"

// Ingest checks, cleans and stores an uploaded image, returning the stored
// file's Path, ContentType, Width, Height and Bytes; the caller fills in ID,
// UploadedBy and CreatedAt and records it.
//
// Ingest reads at most lim.MaxBytes+1 bytes from r. It recognises JPEG, PNG,
// GIF and WebP by their content, never by a file name, and refuses anything
// else, damaged files, and images beyond lim, with a CodeInvalid *news.Error
// on the field "image" whose message a person can act on. Sizes are checked
// from the header before decoding, so a small file declaring a huge image
// is refused without allocating its pixels. Nothing is written for a refused
// upload; other errors (reading r, writing files) are internal.
//
// The image is decoded and encoded again, which drops all metadata (EXIF,
// GPS, XMP, ICC profiles, text chunks): as JPEG at quality 82 when every
// pixel is opaque, as PNG otherwise. The result is stored under
// "uploads/{20 hex digits of its SHA-256}.jpg|.png", so the same image
// uploaded twice gets the same path. A variant is stored at VariantPath for
// each of Widths narrower than the image, keeping the aspect ratio; the
// variants are written before the full-size file, so when the full-size file
// exists its variants do too. Concurrent uploads are safe: each file is
// written whole by Write, and two uploads of one image write the same bytes.
//
// Ingest holds the upload and its decoded pixels in memory, and takes a few
// seconds for the largest images DefaultLimits allows; handlers should give
// it a generous write timeout.
//
// Known limits: EXIF orientation is not applied, so a photo a camera stored
// sideways with an orientation tag is stored sideways; ICC profiles are
// dropped rather than converted, so wide-gamut colours may shift; only the
// first frame of an animated GIF is kept, and animated WebP is refused.
func (l Library) Ingest(r io.Reader, lim Limits) (news.MediaFile, error) {
	lim = lim.withDefaults()
	data, err := readUpload(r, lim.MaxBytes)
	if err != nil {
		return news.MediaFile{}, err
	}
	img, err := decodeUpload(data, lim)
	if err != nil {
		return news.MediaFile{}, err
	}
	return l.store(img, outputFor(img))
}

// Exists reports whether a regular file is stored at p. It is false for a
// path that would leave the library and for any error reading the file's
// status, so false means "cannot be served", not only "absent".
func (l Library) Exists(p string) bool {
	abs, err := l.Abs(p)
	if err != nil {
		return false
	}
	fi, err := os.Stat(abs)
	return err == nil && fi.Mode().IsRegular()
}

func (lim Limits) withDefaults() Limits {
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = DefaultLimits.MaxBytes
	}
	if lim.MaxPixels <= 0 {
		lim.MaxPixels = DefaultLimits.MaxPixels
	}
	if lim.MaxSide <= 0 {
		lim.MaxSide = DefaultLimits.MaxSide
	}
	return lim
}

// readUpload reads the whole upload, refusing it once it passes limit bytes.
func readUpload(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, min(limit, math.MaxInt64-1)+1))
	var tooLarge *http.MaxBytesError // the handler's own limit was lower
	switch {
	case errors.As(err, &tooLarge):
		return nil, news.Invalid("image", "the file is too large; images may be at most %s", byteSize(tooLarge.Limit))
	case err != nil:
		return nil, fmt.Errorf("media: read upload: %w", err)
	case int64(len(data)) > limit:
		return nil, news.Invalid("image", "the file is too large; images may be at most %s", byteSize(limit))
	case len(data) == 0:
		return nil, news.Invalid("image", "the file is empty; %s", acceptedFormats)
	}
	return data, nil
}

// checkSize refuses declared dimensions before any pixel is decoded: this is
// the defence against decompression bombs, small files that unpack to
// gigabytes. The pixel count is checked first because it is what costs
// memory.
func (lim Limits) checkSize(w, h int) error {
	switch {
	case w <= 0 || h <= 0:
		return news.Invalid("image", "the image has no pixels (it declares %d×%d)", w, h)
	case int64(w)*int64(h) > int64(lim.MaxPixels):
		return news.Invalid("image", "the image is %d×%d pixels (%s megapixels); images may have at most %s megapixels",
			w, h, megapixels(int64(w)*int64(h)), megapixels(int64(lim.MaxPixels)))
	case w > lim.MaxSide || h > lim.MaxSide:
		return news.Invalid("image", "the image is %d×%d pixels; each side may be at most %d pixels", w, h, lim.MaxSide)
	}
	return nil
}

// byteSize labels a byte count for people: 20971520 → "20 MB".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// megapixels labels a pixel count in millions: to one decimal at most, or
// two significant digits below 0.1.
func megapixels(n int64) string {
	if n < 100_000 {
		return fmt.Sprintf("%.2g", float64(n)/1e6)
	}
	return fmt.Sprint(math.Round(float64(n)/1e5) / 10)
}

// store encodes img and its variants as out and writes them, variants first.
// Writing content-addressed files again is harmless: a second upload of the
// same image rewrites identical bytes, and it restores any variant lost.
func (l Library) store(img image.Image, out output) (news.MediaFile, error) {
	data, err := out.encode(img)
	if err != nil {
		return news.MediaFile{}, err
	}
	sum := sha256.Sum256(data)
	p := "uploads/" + hex.EncodeToString(sum[:10]) + out.ext()
	if err := l.storeVariants(p, img, out); err != nil {
		return news.MediaFile{}, err
	}
	if err := l.Write(p, data); err != nil {
		return news.MediaFile{}, fmt.Errorf("media: store upload: %w", err)
	}
	b := img.Bounds()
	return news.MediaFile{
		Path:        p,
		ContentType: out.contentType(),
		Width:       b.Dx(),
		Height:      b.Dy(),
		Bytes:       int64(len(data)),
	}, nil
}

// storeVariants writes the variant of p for each of Widths narrower than
// img. It scales the widest first and each narrower one from the last, so
// a 40-megapixel image is filtered in full only once.
func (l Library) storeVariants(p string, img image.Image, out output) error {
	b := img.Bounds()
	widths := slices.Sorted(slices.Values(Widths))
	slices.Reverse(widths)
	src := img
	for _, w := range widths {
		if w >= b.Dx() {
			continue
		}
		src = scale(src, w, variantHeight(b.Dx(), b.Dy(), w))
		data, err := out.encode(src)
		if err != nil {
			return err
		}
		if err := l.Write(VariantPath(p, w), data); err != nil {
			return fmt.Errorf("media: store variant: %w", err)
		}
	}
	return nil
}

// variantHeight is the height, at least 1, that keeps the aspect ratio of
// a width×height image scaled to w pixels wide.
func variantHeight(width, height, w int) int {
	return max(1, int((int64(height)*int64(w)+int64(width)/2)/int64(width)))
}

// scale returns img resized to w×h.
func scale(img image.Image, w, h int) image.Image {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
	return dst
}

// output is the format an upload is stored in.
type output int

const (
	asJPEG output = iota // photos: every pixel opaque
	asPNG                // anything with transparency, which JPEG cannot keep
)

// outputFor chooses JPEG unless some pixel of img is not fully opaque.
func outputFor(img image.Image) output {
	if hasTransparency(img) {
		return asPNG
	}
	return asJPEG
}

func (o output) ext() string {
	if o == asPNG {
		return ".png"
	}
	return ".jpg"
}

func (o output) contentType() string {
	if o == asPNG {
		return "image/png"
	}
	return "image/jpeg"
}

func (o output) encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if o == asPNG {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 82})
	}
	if err != nil {
		return nil, fmt.Errorf("media: encode %s: %w", o.contentType(), err)
	}
	return buf.Bytes(), nil
}

// hasTransparency reports whether any pixel of img is not fully opaque.
func hasTransparency(img image.Image) bool {
	// Every image type the decoders return answers Opaque by looking at
	// its pixels (a paletted image at the palette entries it uses).
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return !o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				return true
			}
		}
	}
	return false
}

// codec reads one accepted format. Ingest picks it from the sniffed content
// rather than calling image.Decode, so what it accepts does not depend on
// which decoders happen to be registered in the binary.
type codec struct {
	name   string
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

// sniff identifies an accepted format from the first bytes of data.
func sniff(data []byte) (codec, error) {
	switch ct := http.DetectContentType(data); ct {
	case "image/jpeg":
		return codec{"JPEG", jpeg.DecodeConfig, jpeg.Decode}, nil
	case "image/png":
		return codec{"PNG", png.DecodeConfig, png.Decode}, nil
	case "image/gif":
		// gif.Decode stops after the first frame.
		return codec{"GIF", gif.DecodeConfig, gif.Decode}, nil
	case "image/webp":
		if animatedWebP(data) {
			return codec{}, news.Invalid("image", "animated WebP images are not supported; upload a still image")
		}
		return codec{"WebP", webp.DecodeConfig, webp.Decode}, nil
	default:
		err := news.Invalid("image", "the file is not an image Byline accepts; %s", acceptedFormats)
		err.Err = fmt.Errorf("detected %s", ct)
		return codec{}, err
	}
}

// animatedWebP reports whether data is an extended WebP whose VP8X header
// sets the animation flag.
func animatedWebP(data []byte) bool {
	const animationBit = 1 << 1
	return len(data) > 20 && string(data[12:16]) == "VP8X" && data[20]&animationBit != 0
}

// decodeUpload sniffs, checks the declared size and decodes data into an
// image whose bounds are exactly the declared size, starting at (0,0).
func decodeUpload(data []byte, lim Limits) (image.Image, error) {
	c, err := sniff(data)
	if err != nil {
		return nil, err
	}
	cfg, err := c.config(bytes.NewReader(data))
	if err != nil {
		return nil, unreadable(c, err)
	}
	if err := lim.checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	img, err := c.decode(bytes.NewReader(data))
	if err != nil {
		return nil, unreadable(c, err)
	}
	return onCanvas(img, cfg.Width, cfg.Height), nil
}

// unreadable explains a decoder's refusal, keeping its error for the logs.
func unreadable(c codec, cause error) error {
	var (
		jpegErr jpeg.UnsupportedError
		pngErr  png.UnsupportedError
		e       *news.Error
	)
	if errors.As(cause, &jpegErr) || errors.As(cause, &pngErr) {
		e = news.Invalid("image", "the %s file uses a feature Byline cannot read; save it again as a standard image, or %s",
			c.name, acceptedFormats)
	} else {
		e = news.Invalid("image", "the file looks like a %s image but is damaged or incomplete; %s", c.name, acceptedFormats)
	}
	e.Err = cause
	return e
}

// onCanvas returns img if its bounds are (0,0)-(w,h), and otherwise img
// drawn on a transparent canvas of that size: the first frame of a GIF may
// cover only part of the image its header declares.
func onCanvas(img image.Image, w, h int) image.Image {
	r := image.Rect(0, 0, w, h)
	if img.Bounds() == r {
		return img
	}
	canvas := image.NewNRGBA(r)
	draw.Draw(canvas, img.Bounds(), img, img.Bounds().Min, draw.Src)
	return canvas
}
