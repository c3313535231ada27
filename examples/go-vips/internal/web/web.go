// Package web accepts uploads and serves renditions.
package web

import (
	"io"
	"net/http"
	"os"

	"github.com/example/gallery/internal/storage"
)

func Handler(store storage.Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.Handle("GET /r/", http.StripPrefix("/r/", http.FileServer(http.Dir(store.RenditionsDir()))))
	mux.HandleFunc("PUT /originals/{name}", func(w http.ResponseWriter, r *http.Request) {
		path, err := store.Path(store.OriginalsDir(), r.PathValue("name"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if err := os.MkdirAll(store.OriginalsDir(), 0o755); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		f, err := os.Create(path)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		if _, err := io.Copy(f, http.MaxBytesReader(w, r.Body, 32<<20)); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	return mux
}
