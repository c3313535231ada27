// Package pipeline turns pending originals into renditions.
package pipeline

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/example/gallery/internal/imaging"
	"github.com/example/gallery/internal/storage"
)

// RunOnce renders every pending original and returns how many were done.
func RunOnce(store storage.Store, width int) (int, error) {
	pending, err := store.Pending()
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(store.RenditionsDir(), 0o755); err != nil {
		return 0, err
	}
	done := 0
	for _, name := range pending {
		src, err := os.ReadFile(filepath.Join(store.OriginalsDir(), name))
		if err != nil {
			return done, err
		}
		out, err := imaging.Rendition(src, width)
		if err != nil {
			return done, fmt.Errorf("%s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(store.RenditionsDir(), storage.RenditionName(name)), out, 0o644); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}
