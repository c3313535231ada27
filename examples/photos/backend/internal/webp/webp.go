// Package webp is a minimal cgo binding to libwebp's simple encoding API.
package webp

/*
#cgo pkg-config: libwebp
#include <stdlib.h>
#include <webp/encode.h>
*/
import "C"

import (
	"errors"
	"unsafe"
)

// EncodeRGBA encodes an RGBA pixel buffer as lossy WebP at the given quality (0-100).
func EncodeRGBA(pix []byte, width, height, stride int, quality float32) ([]byte, error) {
	if len(pix) == 0 || width <= 0 || height <= 0 {
		return nil, errors.New("webp: empty image")
	}
	var out *C.uint8_t
	size := C.WebPEncodeRGBA((*C.uint8_t)(unsafe.Pointer(&pix[0])), C.int(width), C.int(height), C.int(stride), C.float(quality), &out)
	if size == 0 {
		return nil, errors.New("webp: encoding failed")
	}
	defer C.WebPFree(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(size)), nil
}
