package site

import (
	"bytes"
	raster "image"
	"image/color"
	"image/png"

	"golang.org/x/image/vector"
)

// Raster versions of favicon.svg's mark (a red square with a white "B").
// Search engines want a publisher logo as a bitmap of at least 112 px, and
// a story image of at least 50,000 pixels; link previews want 1.91:1 to
// 16:9. The logo is that mark; the card, shown for stories without a lead
// image, is the mark centred on a red 16:9 field.
const (
	logoSize                      = 192
	cardWidth, cardHeight         = 1200, 675
	markRadius            float32 = 12 // favicon.svg's corner radius, in its 64-unit viewBox
)

var brandRed = color.RGBA{0xb3, 0x26, 0x1e, 0xff}

// drawLogo and drawCard are how assets/logo.png and assets/card.png were
// made; a test keeps the committed files in step with them.
func drawLogo() []byte { return drawMark(logoSize, logoSize, markRadius) }
func drawCard() []byte { return drawMark(cardWidth, cardHeight, 0) }

// drawMark paints a w×h red field with corners of radius (in viewBox
// units) and the "B" scaled to the height, centred.
func drawMark(w, h int, radius float32) []byte {
	img := raster.NewRGBA(raster.Rect(0, 0, w, h))
	k := float32(h) / 64 // favicon.svg's viewBox is 64×64
	bg := vector.NewRasterizer(w, h)
	roundedRect(bg, 0, 0, float32(w), float32(h), radius*k)
	bg.Draw(img, img.Bounds(), raster.NewUniform(brandRed), raster.Point{})

	b := pen{r: vector.NewRasterizer(w, h), k: k, dx: float32(w-h) / 2}
	// Outer contour: M20 14h15c8 0 12 4 12 10 0 4-2 7-6 8 5 1 8 4 8 9 0 7-5 11-13 11H20z
	b.move(20, 14)
	b.line(35, 14)
	b.curve(43, 14, 47, 18, 47, 24)
	b.curve(47, 28, 45, 31, 41, 32)
	b.curve(46, 33, 49, 36, 49, 41)
	b.curve(49, 48, 44, 52, 36, 52)
	b.line(20, 52)
	b.r.ClosePath()
	// Upper counter: m9 7v9h5c3 0 5-2 5-4.5S37 21 34 21z. "S" mirrors the
	// previous curve's second control point for its first.
	b.move(29, 21)
	b.line(29, 30)
	b.line(34, 30)
	b.curve(37, 30, 39, 28, 39, 25.5)
	b.curve(39, 23, 37, 21, 34, 21)
	b.r.ClosePath()
	// Lower counter: m0 15v10h6c3 0 5-2 5-5s-2-5-5-5z
	b.move(29, 36)
	b.line(29, 46)
	b.line(35, 46)
	b.curve(38, 46, 40, 44, 40, 41)
	b.curve(40, 38, 38, 36, 35, 36)
	b.r.ClosePath()
	b.r.Draw(img, img.Bounds(), raster.NewUniform(color.White), raster.Point{})

	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding to memory cannot fail
	}
	return buf.Bytes()
}

// pen draws in favicon.svg's viewBox units, scaled by k and shifted by dx.
type pen struct {
	r     *vector.Rasterizer
	k, dx float32
}

func (p pen) pt(x, y float32) (float32, float32) { return p.dx + x*p.k, y * p.k }
func (p pen) move(x, y float32)                  { p.r.MoveTo(p.pt(x, y)) }
func (p pen) line(x, y float32)                  { p.r.LineTo(p.pt(x, y)) }

func (p pen) curve(x1, y1, x2, y2, x, y float32) {
	ax, ay := p.pt(x1, y1)
	bx, by := p.pt(x2, y2)
	cx, cy := p.pt(x, y)
	p.r.CubeTo(ax, ay, bx, by, cx, cy)
}

// roundedRect outlines a rectangle with quarter-circle corners of radius r,
// approximated by cubic curves.
func roundedRect(v *vector.Rasterizer, x0, y0, x1, y1, r float32) {
	const c = 0.5523 // control distance for a quarter circle
	v.MoveTo(x0+r, y0)
	v.LineTo(x1-r, y0)
	v.CubeTo(x1-r+r*c, y0, x1, y0+r-r*c, x1, y0+r)
	v.LineTo(x1, y1-r)
	v.CubeTo(x1, y1-r+r*c, x1-r+r*c, y1, x1-r, y1)
	v.LineTo(x0+r, y1)
	v.CubeTo(x0+r-r*c, y1, x0, y1-r+r*c, x0, y1-r)
	v.LineTo(x0, y0+r)
	v.CubeTo(x0, y0+r-r*c, x0+r-r*c, y0, x0+r, y0)
	v.ClosePath()
}
