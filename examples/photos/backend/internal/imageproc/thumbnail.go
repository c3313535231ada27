// Package imageproc turns uploaded photos into WebP thumbnails.
package imageproc

import (
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"

	"github.com/example/photos/internal/webp"
)

// Thumbnail decodes the photo at src, scales it to fit maxSide and writes a WebP next to it.
func Thumbnail(src string, maxSide int) (string, error) {
	f, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return "", fmt.Errorf("decode %s: %w", src, err)
	}
	scaled := scale(img, maxSide)
	data, err := webp.EncodeRGBA(scaled.Pix, scaled.Rect.Dx(), scaled.Rect.Dy(), scaled.Stride, 80)
	if err != nil {
		return "", err
	}
	dst := src[:len(src)-len(filepath.Ext(src))] + ".thumb.webp"
	return dst, os.WriteFile(dst, data, 0o644)
}

func scale(img image.Image, maxSide int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > maxSide || h > maxSide {
		if w >= h {
			h, w = h*maxSide/w, maxSide
		} else {
			w, h = w*maxSide/h, maxSide
		}
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			out.Set(x, y, img.At(b.Min.X+x*b.Dx()/w, b.Min.Y+y*b.Dy()/h))
		}
	}
	_ = draw.Src
	return out
}
