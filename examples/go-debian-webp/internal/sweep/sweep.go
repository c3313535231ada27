// Package sweep deletes cached thumbnails older than a maximum age.
package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Once removes *.webp files in dir last modified before now-maxAge and returns how many it removed.
func Once(dir string, maxAge time.Duration, now time.Time) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".webp") {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < maxAge {
			continue
		}
		if os.Remove(filepath.Join(dir, e.Name())) == nil {
			removed++
		}
	}
	return removed, nil
}
