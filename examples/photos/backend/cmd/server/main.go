// Command server is the photo API.
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/example/photos/internal/api"
	"github.com/example/photos/internal/config"
	"github.com/example/photos/internal/store"
)

func main() {
	cfg := config.FromEnv(":8080")
	if len(os.Args) > 1 && os.Args[1] == "migrate" {
		log.Printf("migrating %s", cfg.DatabaseURL)
		return
	}
	if err := os.MkdirAll(cfg.PhotosDir, 0o755); err != nil {
		log.Fatal(err)
	}
	log.Printf("server listening on %s", cfg.Addr)
	log.Fatal(http.ListenAndServe(cfg.Addr, api.New(&store.Store{}, cfg.PhotosDir)))
}
