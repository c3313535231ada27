// Package api is the HTTP API of the photo server.
package api

import (
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/example/photos/internal/health"
	"github.com/example/photos/internal/imageproc"
	"github.com/example/photos/internal/store"
)

// New returns the server's routes.
func New(s *store.Store, photosDir string) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/health", health.Handler())
	mux.HandleFunc("/photos", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		dst := filepath.Join(photosDir, filepath.Base(r.URL.Query().Get("name")))
		f, err := os.Create(dst)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		if _, err := io.Copy(f, r.Body); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		thumb, _ := imageproc.Thumbnail(dst, 320)
		s.Add(store.Photo{Path: dst, Thumbnail: thumb})
		w.WriteHeader(http.StatusCreated)
	})
	return mux
}
