// Package store keeps photo metadata; this example keeps it in memory.
package store

import "sync"

// Photo is one uploaded picture.
type Photo struct {
	ID        int
	Path      string
	Thumbnail string
}

// Store is a concurrency-safe photo index.
type Store struct {
	mu     sync.Mutex
	photos []Photo
}

// Add records a photo and returns its id.
func (s *Store) Add(p Photo) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	p.ID = len(s.photos) + 1
	s.photos = append(s.photos, p)
	return p.ID
}

// WithoutThumbnail lists photos still waiting for a thumbnail.
func (s *Store) WithoutThumbnail() []Photo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Photo
	for _, p := range s.photos {
		if p.Thumbnail == "" {
			out = append(out, p)
		}
	}
	return out
}
