// Package thumbs renders thumbnails and stores them as WebP files in the cache directory.
package thumbs

import (
	"image"
	"image/color"
	"os"
	"path/filepath"

	"github.com/example/thumbs/internal/webp"
)

// Encoder reports which libwebp the thumbnails are encoded with.
func Encoder() string { return "libwebp " + webp.Version() }

// Render draws a w×h test card: a gradient whose colours depend on seed.
func Render(w, h int, seed uint8) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{R: uint8(x * 255 / w), G: uint8(y * 255 / h), B: seed, A: 255})
		}
	}
	return img
}

// Encode turns an image into WebP bytes.
func Encode(img *image.RGBA, quality float32) ([]byte, error) {
	b := img.Bounds()
	return webp.EncodeRGBA(img.Pix, b.Dx(), b.Dy(), img.Stride, quality)
}

// Store writes the encoded thumbnail as dir/name.webp.
func Store(dir, name string, data []byte) (string, error) {
	path := filepath.Join(dir, filepath.Base(name)+".webp")
	return path, os.WriteFile(path, data, 0o644)
}
