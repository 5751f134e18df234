package site

import (
	"bytes"
	raster "image"
	"image/color"
	"image/png"

	"golang.org/x/image/vector"
)

// logoSize is the side of the raster logo in pixels. Search engines want a
// publisher logo as a bitmap of at least 112 px; favicon.svg is vector.
const logoSize = 192

// drawLogo rasterizes favicon.svg's shapes (a red rounded square with a
// white "B") at logoSize. It is how assets/logo.png was made; a test keeps
// the committed file in step with it.
func drawLogo() []byte {
	const k = float32(logoSize) / 64 // favicon.svg's viewBox is 64×64
	img := raster.NewRGBA(raster.Rect(0, 0, logoSize, logoSize))

	bg := vector.NewRasterizer(logoSize, logoSize)
	roundedRect(bg, 0, 0, 64*k, 64*k, 12*k)
	bg.Draw(img, img.Bounds(), raster.NewUniform(color.RGBA{0xb3, 0x26, 0x1e, 0xff}), raster.Point{})

	b := vector.NewRasterizer(logoSize, logoSize)
	p := func(x, y float32) (float32, float32) { return x * k, y * k }
	// Outer contour: M20 14h15c8 0 12 4 12 10 0 4-2 7-6 8 5 1 8 4 8 9 0 7-5 11-13 11H20z
	b.MoveTo(p(20, 14))
	b.LineTo(p(35, 14))
	cube(b, k, 35, 14, 8, 0, 12, 4, 12, 10)
	cube(b, k, 47, 24, 0, 4, -2, 7, -6, 8)
	cube(b, k, 41, 32, 5, 1, 8, 4, 8, 9)
	cube(b, k, 49, 41, 0, 7, -5, 11, -13, 11)
	b.LineTo(p(20, 52))
	b.ClosePath()
	// Upper counter: m9 7v9h5c3 0 5-2 5-4.5S37 21 34 21z (from 20,14)
	b.MoveTo(p(29, 21))
	b.LineTo(p(29, 30))
	b.LineTo(p(34, 30))
	cube(b, k, 34, 30, 3, 0, 5, -2, 5, -4.5)
	// "S": the first control point mirrors the previous curve's second.
	b.CubeTo(39*k, 23*k, 37*k, 21*k, 34*k, 21*k)
	b.ClosePath()
	// Lower counter: m0 15v10h6c3 0 5-2 5-5s-2-5-5-5z (from 29,21)
	b.MoveTo(p(29, 36))
	b.LineTo(p(29, 46))
	b.LineTo(p(35, 46))
	cube(b, k, 35, 46, 3, 0, 5, -2, 5, -5)
	b.CubeTo(40*k, 38*k, 38*k, 36*k, 35*k, 36*k)
	b.ClosePath()
	b.Draw(img, img.Bounds(), raster.NewUniform(color.White), raster.Point{})

	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding to memory cannot fail
	}
	return buf.Bytes()
}

// cube draws SVG's relative "c" from (x, y), in viewBox units scaled by k.
func cube(r *vector.Rasterizer, k, x, y, c1x, c1y, c2x, c2y, ex, ey float32) {
	r.CubeTo((x+c1x)*k, (y+c1y)*k, (x+c2x)*k, (y+c2y)*k, (x+ex)*k, (y+ey)*k)
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
