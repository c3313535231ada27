// Package zstd compresses buffers with the system libzstd.
package zstd

/*
#cgo LDFLAGS: -lzstd
#include <zstd.h>
*/
import "C"

import (
	"errors"
	"unsafe"
)

// Compress returns src compressed at the given level (1-19).
func Compress(src []byte, level int) ([]byte, error) {
	bound := C.ZSTD_compressBound(C.size_t(len(src)))
	dst := make([]byte, int(bound))
	var srcPtr unsafe.Pointer
	if len(src) > 0 {
		srcPtr = unsafe.Pointer(&src[0])
	}
	n := C.ZSTD_compress(unsafe.Pointer(&dst[0]), bound, srcPtr, C.size_t(len(src)), C.int(level))
	if C.ZSTD_isError(n) != 0 {
		return nil, errors.New("zstd: " + C.GoString(C.ZSTD_getErrorName(n)))
	}
	return dst[:int(n)], nil
}
