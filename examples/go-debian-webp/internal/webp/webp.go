// Package webp is a small cgo binding to libwebp's simple encoding API (Debian: libwebp-dev to build, libwebp7 to run).
package webp

/*
#cgo pkg-config: libwebp
#include <stdlib.h>
#include <webp/encode.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// EncodeRGBA encodes an RGBA pixel buffer as lossy WebP at the given quality (0-100).
func EncodeRGBA(pix []byte, width, height, stride int, quality float32) ([]byte, error) {
	if width <= 0 || height <= 0 || stride < 4*width || len(pix) < stride*height {
		return nil, errors.New("webp: bad image dimensions")
	}
	var out *C.uint8_t
	size := C.WebPEncodeRGBA((*C.uint8_t)(unsafe.Pointer(&pix[0])), C.int(width), C.int(height), C.int(stride), C.float(quality), &out)
	if size == 0 {
		return nil, errors.New("webp: encoding failed")
	}
	defer C.WebPFree(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(size)), nil
}

// Version is the linked libwebp's encoder version, e.g. "1.2.4".
func Version() string {
	v := int(C.WebPGetEncoderVersion())
	return fmt.Sprintf("%d.%d.%d", v>>16, (v>>8)&0xff, v&0xff)
}
