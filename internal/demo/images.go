package demo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"

	"golang.org/x/image/draw"

	"github.com/bylinehq/byline/internal/media"
)

// Lead images are 16:9 at this width; media.Widths adds smaller variants.
const (
	imageWidth  = 1200
	imageHeight = 675
)

// canvas is a float RGB raster with alpha blending, enough to paint simple
// editorial illustrations without an image library.
type canvas struct {
	w, h int
	px   []float64 // r, g, b per pixel, 0..1
}

func newCanvas(w, h int) *canvas { return &canvas{w: w, h: h, px: make([]float64, w*h*3)} }

type rgb struct{ r, g, b float64 }

func hexColor(s string) rgb {
	var r, g, b uint8
	fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b)
	return rgb{float64(r) / 255, float64(g) / 255, float64(b) / 255}
}

func mix(a, b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

func (c *canvas) blend(x, y int, col rgb, alpha float64) {
	if x < 0 || y < 0 || x >= c.w || y >= c.h || alpha <= 0 {
		return
	}
	if alpha > 1 {
		alpha = 1
	}
	i := (y*c.w + x) * 3
	c.px[i] += (col.r - c.px[i]) * alpha
	c.px[i+1] += (col.g - c.px[i+1]) * alpha
	c.px[i+2] += (col.b - c.px[i+2]) * alpha
}

// gradient fills rows y0..y1 from top to bottom colour.
func (c *canvas) gradient(y0, y1 int, top, bottom rgb) {
	for y := max(0, y0); y < min(c.h, y1); y++ {
		col := mix(top, bottom, float64(y-y0)/float64(max(1, y1-y0)))
		for x := 0; x < c.w; x++ {
			c.blend(x, y, col, 1)
		}
	}
}

// disc paints a soft-edged circle; glow > 0 adds a halo of that radius.
func (c *canvas) disc(cx, cy, r float64, col rgb, alpha, glow float64) {
	reach := r + glow
	for y := int(cy - reach); y <= int(cy+reach); y++ {
		for x := int(cx - reach); x <= int(cx+reach); x++ {
			d := math.Hypot(float64(x)-cx, float64(y)-cy)
			switch {
			case d <= r:
				c.blend(x, y, col, alpha*math.Min(1, r-d+0.5))
			case glow > 0 && d < reach:
				f := 1 - (d-r)/glow
				c.blend(x, y, col, alpha*0.35*f*f)
			}
		}
	}
}

// ground fills everything below the curve y = f(x).
func (c *canvas) ground(f func(x float64) float64, col rgb, alpha float64) {
	for x := 0; x < c.w; x++ {
		top := f(float64(x))
		for y := max(0, int(top)); y < c.h; y++ {
			a := alpha
			if float64(y) < top+1 {
				a *= 1 - (top - math.Floor(top))
			}
			c.blend(x, y, col, a)
		}
	}
}

func (c *canvas) rect(x0, y0, x1, y1 int, col rgb, alpha float64) {
	for y := max(0, y0); y < min(c.h, y1); y++ {
		for x := max(0, x0); x < min(c.w, x1); x++ {
			c.blend(x, y, col, alpha)
		}
	}
}

// grain adds faint noise so that gradients do not band in JPEG.
func (c *canvas) grain(rng *rand.Rand, amount float64) {
	for i := range c.px {
		c.px[i] += (rng.Float64() - 0.5) * amount
	}
}

func (c *canvas) image() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, c.w, c.h))
	for i := 0; i < c.w*c.h; i++ {
		img.Pix[i*4] = clamp8(c.px[i*3])
		img.Pix[i*4+1] = clamp8(c.px[i*3+1])
		img.Pix[i*4+2] = clamp8(c.px[i*3+2])
		img.Pix[i*4+3] = 255
	}
	return img
}

func clamp8(v float64) uint8 {
	switch x := v*255 + 0.5; {
	case x <= 0:
		return 0
	case x >= 255:
		return 255
	default:
		return uint8(x)
	}
}

// waves returns a smooth ridge line around base with the given amplitude.
func waves(rng *rand.Rand, base, amp float64) func(float64) float64 {
	f1, f2, f3 := 0.002+rng.Float64()*0.004, 0.008+rng.Float64()*0.01, 0.02+rng.Float64()*0.02
	p1, p2, p3 := rng.Float64()*6, rng.Float64()*6, rng.Float64()*6
	return func(x float64) float64 {
		return base + amp*(0.6*math.Sin(x*f1+p1)+0.3*math.Sin(x*f2+p2)+0.1*math.Sin(x*f3+p3))
	}
}

// peaks returns a jagged mountain ridge.
func peaks(rng *rand.Rand, base, amp float64) func(float64) float64 {
	n := 6 + rng.IntN(5)
	xs, ys := make([]float64, n+1), make([]float64, n+1)
	for i := range xs {
		xs[i] = float64(i) * imageWidth / float64(n)
		ys[i] = base - amp*(0.3+0.7*rng.Float64())
	}
	return func(x float64) float64 {
		i := min(n-1, int(x/(imageWidth/float64(n))))
		t := (x - xs[i]) / (xs[i+1] - xs[i])
		mid := base - amp*0.1
		if t < 0.5 {
			return ys[i] + (mid-ys[i])*t*2*0.6
		}
		return ys[i+1] + (mid-ys[i+1])*(1-t)*2*0.6
	}
}

func (c *canvas) skyline(rng *rand.Rand, ground float64, minH, maxH float64, col, window rgb, windows bool) {
	for x := -20; x < c.w; {
		w := 30 + rng.IntN(70)
		h := minH + rng.Float64()*(maxH-minH)
		top := int(ground - h)
		c.rect(x, top, x+w, c.h, col, 1)
		if windows {
			for wy := top + 10; wy < int(ground)-8; wy += 16 {
				for wx := x + 6; wx < x+w-8; wx += 14 {
					if rng.Float64() < 0.35 {
						c.rect(wx, wy, wx+6, wy+8, window, 0.85)
					}
				}
			}
		}
		x += w + rng.IntN(6)
	}
}

// paint draws one scene; seed varies it per story.
func paint(scene string, seed uint64) *canvas {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	c := newCanvas(imageWidth, imageHeight)
	H := float64(imageHeight)
	W := float64(imageWidth)
	sunX := W * (0.2 + 0.6*rng.Float64())
	switch scene {
	case "city":
		c.gradient(0, imageHeight, hexColor("#f6b26b"), hexColor("#6d4c7d"))
		c.disc(sunX, H*0.45, 70, hexColor("#ffe7b0"), 0.9, 120)
		c.skyline(rng, H*0.92, 120, 330, hexColor("#8a6a8f"), hexColor("#ffd98a"), false)
		c.skyline(rng, H, 80, 260, hexColor("#2f2440"), hexColor("#ffd27a"), true)
	case "harbour":
		c.gradient(0, int(H*0.62), hexColor("#9fd3f0"), hexColor("#e9f4f7"))
		c.disc(sunX, H*0.25, 45, hexColor("#fffbe6"), 0.95, 80)
		c.skyline(rng, H*0.62, 20, 90, hexColor("#5b7a8c"), rgb{}, false)
		for i := 0; i < 3; i++ { // cranes
			x := int(W*0.15 + float64(i)*W*0.28 + rng.Float64()*60)
			c.rect(x, int(H*0.18), x+10, int(H*0.62), hexColor("#c2492d"), 1)
			c.rect(x-90, int(H*0.18), x+140, int(H*0.18)+10, hexColor("#c2492d"), 1)
		}
		c.gradient(int(H*0.62), imageHeight, hexColor("#2f7fa6"), hexColor("#123f5c"))
		for y := int(H * 0.64); y < imageHeight; y += 9 {
			off := rng.IntN(200)
			for x := off; x < c.w; x += 180 + rng.IntN(120) {
				c.rect(x, y, x+60+rng.IntN(60), y+2, hexColor("#a9d6ea"), 0.35)
			}
		}
		c.rect(int(W*0.55), int(H*0.55), int(W*0.9), int(H*0.66), hexColor("#263238"), 1)
		c.rect(int(W*0.6), int(H*0.49), int(W*0.7), int(H*0.55), hexColor("#eceff1"), 1)
	case "mountains", "forest":
		top, bottom := hexColor("#7fb3e0"), hexColor("#e6f0f7")
		layers := []string{"#9bb4c9", "#6f8ea8", "#3f5e75"}
		if scene == "forest" {
			top, bottom = hexColor("#a7d7c5"), hexColor("#eef6e8")
			layers = []string{"#7fae8f", "#4f8a66", "#25583d"}
		}
		c.gradient(0, imageHeight, top, bottom)
		c.disc(sunX, H*0.22, 40, hexColor("#fff8dc"), 0.9, 70)
		for i, l := range layers {
			base := H * (0.55 + 0.15*float64(i))
			if scene == "mountains" {
				c.ground(peaks(rng, base, H*(0.35-0.08*float64(i))), hexColor(l), 1)
			} else {
				c.ground(waves(rng, base, H*0.06), hexColor(l), 1)
				c.trees(rng, waves(rng, base, H*0.02), hexColor(l), 12+i*6)
			}
		}
	case "desert":
		c.gradient(0, imageHeight, hexColor("#f9d9a6"), hexColor("#f3a65b"))
		c.disc(sunX, H*0.3, 85, hexColor("#fff1c9"), 0.95, 140)
		for i, l := range []string{"#e8a15c", "#d9853f", "#b9652a"} {
			c.ground(waves(rng, H*(0.6+0.12*float64(i)), H*0.07), hexColor(l), 1)
		}
	case "fields", "river":
		c.gradient(0, imageHeight, hexColor("#8ec5ff"), hexColor("#f1f8ff"))
		c.disc(sunX, H*0.2, 45, hexColor("#fffbe0"), 0.95, 90)
		c.ground(waves(rng, H*0.55, H*0.05), hexColor("#8fbf6a"), 1)
		c.ground(waves(rng, H*0.7, H*0.06), hexColor("#c9b458"), 1)
		for y := int(H * 0.72); y < imageHeight; y += 14 {
			c.rect(0, y, c.w, y+3, hexColor("#a8933f"), 0.5)
		}
		if scene == "river" {
			for y := int(H * 0.58); y < imageHeight; y++ {
				t := (float64(y) - H*0.58) / (H * 0.42)
				cx := W*0.5 + math.Sin(t*4+rng.Float64()*0.01)*W*0.15
				half := 12 + t*170
				c.rect(int(cx-half), y, int(cx+half), y+1, mix(hexColor("#9fd4f5"), hexColor("#3b8fc4"), t), 1)
			}
		}
	case "stadium":
		c.gradient(0, imageHeight, hexColor("#0d1b3d"), hexColor("#27457a"))
		for _, x := range []float64{W * 0.12, W * 0.88} {
			c.rect(int(x)-4, int(H*0.12), int(x)+4, int(H*0.5), hexColor("#9aa6b8"), 1)
			c.disc(x, H*0.12, 22, hexColor("#fffbe8"), 1, 110)
		}
		c.rect(0, int(H*0.42), c.w, int(H*0.62), hexColor("#3a3f58"), 1)
		for y := int(H * 0.44); y < int(H*0.6); y += 10 {
			for x := rng.IntN(10); x < c.w; x += 9 + rng.IntN(8) {
				c.rect(x, y, x+4, y+5, hexColor([]string{"#e0524d", "#f2f2f2", "#4a90e2", "#ffd54f"}[rng.IntN(4)]), 0.7)
			}
		}
		c.gradient(int(H*0.62), imageHeight, hexColor("#3f9c4a"), hexColor("#2a7a35"))
		for x := 0; x < c.w; x += 120 {
			c.rect(x, int(H*0.62), x+60, c.h, hexColor("#4aab55"), 0.5)
		}
		c.rect(0, int(H*0.8), c.w, int(H*0.8)+4, hexColor("#ffffff"), 0.9)
		c.rect(int(W/2)-2, int(H*0.62), int(W/2)+2, c.h, hexColor("#ffffff"), 0.9)
	case "lab":
		c.gradient(0, imageHeight, hexColor("#0e2a47"), hexColor("#123b5e"))
		for x := 0; x < c.w; x += 40 {
			c.rect(x, 0, x+1, c.h, hexColor("#5fb3d9"), 0.15)
		}
		for y := 0; y < c.h; y += 40 {
			c.rect(0, y, c.w, y+1, hexColor("#5fb3d9"), 0.15)
		}
		for i := 0; i < 14; i++ {
			x, y := rng.Float64()*W, rng.Float64()*H
			r := 12 + rng.Float64()*40
			c.disc(x, y, r, hexColor([]string{"#4fc3f7", "#81e6a8", "#ffb74d"}[i%3]), 0.85, r)
			if i > 0 {
				c.rect(int(x), int(y), int(x)+int(rng.Float64()*200), int(y)+3, hexColor("#b3e5fc"), 0.5)
			}
		}
	case "stage":
		c.gradient(0, imageHeight, hexColor("#3b0a1a"), hexColor("#120308"))
		for x := 0; x < c.w; x += 34 {
			c.rect(x, 0, x+17, int(H*0.75), hexColor("#7a1530"), 0.55)
		}
		for y := 0; y < int(H*0.78); y++ { // spotlight cone
			t := float64(y) / (H * 0.78)
			half := 30 + t*W*0.22
			c.rect(int(sunX-half), y, int(sunX+half), y+1, hexColor("#fff2c6"), 0.18+0.1*t)
		}
		c.gradient(int(H*0.75), imageHeight, hexColor("#6b4226"), hexColor("#2b1a10"))
		c.disc(sunX, H*0.8, 140, hexColor("#fff2c6"), 0.25, 60)
	case "night":
		c.gradient(0, imageHeight, hexColor("#050b1f"), hexColor("#1d2b55"))
		for i := 0; i < 220; i++ {
			c.disc(rng.Float64()*W, rng.Float64()*H*0.7, 0.6+rng.Float64()*1.4, hexColor("#ffffff"), 0.4+0.6*rng.Float64(), 0)
		}
		c.disc(sunX, H*0.22, 48, hexColor("#f5f3ce"), 1, 90)
		c.skyline(rng, H, 90, 300, hexColor("#0b1020"), hexColor("#ffcf70"), true)
	default: // abstract
		palettes := [][]string{{"#264653", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51"}, {"#1d3557", "#457b9d", "#a8dadc", "#f1faee", "#e63946"}}
		p := palettes[rng.IntN(len(palettes))]
		c.gradient(0, imageHeight, hexColor(p[0]), hexColor(p[1]))
		for i := 0; i < 9; i++ {
			col := hexColor(p[2+rng.IntN(3)])
			if rng.IntN(2) == 0 {
				c.disc(rng.Float64()*W, rng.Float64()*H, 40+rng.Float64()*160, col, 0.75, 0)
			} else {
				x, y := rng.IntN(imageWidth), rng.IntN(imageHeight)
				c.rect(x, y, x+60+rng.IntN(300), y+40+rng.IntN(200), col, 0.7)
			}
		}
	}
	c.grain(rng, 0.012)
	return c
}

func (c *canvas) trees(rng *rand.Rand, line func(float64) float64, col rgb, size int) {
	for x := rng.IntN(20); x < c.w; x += size + rng.IntN(size) {
		base := line(float64(x))
		h := float64(size) * (2 + rng.Float64()*1.5)
		for y := 0; y < int(h); y++ {
			half := float64(size) / 2 * float64(y) / h
			c.rect(int(float64(x)-half), int(base-h)+y, int(float64(x)+half)+1, int(base-h)+y+1, col, 1)
		}
	}
}

// generatedImage is one lead image with its variants, ready to store.
type generatedImage struct {
	Path  string            // media path of the full-size JPEG
	Files map[string][]byte // media path → JPEG bytes, variants included
}

// makeImage paints scene for key and encodes the full size and each
// variant width. The file name is a hash of the full-size bytes, so media
// URLs can be cached for ever.
func makeImage(scene, key string) (generatedImage, error) {
	h := fnv.New64a()
	h.Write([]byte(key))
	full := paint(scene, h.Sum64()).image()
	data, err := encodeJPEG(full)
	if err != nil {
		return generatedImage{}, err
	}
	sum := sha256.Sum256(data)
	p := "demo/" + scene + "-" + hex.EncodeToString(sum[:6]) + ".jpg"
	out := generatedImage{Path: p, Files: map[string][]byte{p: data}}
	for _, w := range media.Widths {
		small := image.NewRGBA(image.Rect(0, 0, w, w*imageHeight/imageWidth))
		draw.ApproxBiLinear.Scale(small, small.Bounds(), full, full.Bounds(), draw.Src, nil)
		if out.Files[media.VariantPath(p, w)], err = encodeJPEG(small); err != nil {
			return generatedImage{}, err
		}
	}
	return out, nil
}

func encodeJPEG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 72}); err != nil {
		return nil, fmt.Errorf("demo: encode image: %w", err)
	}
	return buf.Bytes(), nil
}
