// Package jobs holds the scheduler's periodic jobs.
package jobs

import (
	"log"

	"github.com/example/photos/internal/imageproc"
	"github.com/example/photos/internal/store"
)

// GenerateMissingThumbnails creates thumbnails for photos that have none yet.
func GenerateMissingThumbnails(s *store.Store) {
	for _, p := range s.WithoutThumbnail() {
		if _, err := imageproc.Thumbnail(p.Path, 320); err != nil {
			log.Printf("thumbnail %s: %v", p.Path, err)
		}
	}
}
