// Command web accepts uploads and serves renditions on :8080.
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/example/gallery/internal/storage"
	"github.com/example/gallery/internal/web"
)

func main() {
	store := storage.Store{Root: envOr("MEDIA_ROOT", "/srv/media")}
	log.Fatal(http.ListenAndServe(":8080", web.Handler(store)))
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
