// Package imaging renders web-sized images with libvips (through bimg, a cgo binding).
package imaging

import "github.com/h2non/bimg"

// Rendition resizes an original to fit width and encodes it as WebP.
func Rendition(original []byte, width int) ([]byte, error) {
	return bimg.NewImage(original).Process(bimg.Options{
		Width:         width,
		Type:          bimg.WEBP,
		Quality:       80,
		StripMetadata: true,
	})
}
