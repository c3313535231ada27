// Command api serves the notes HTTP API backed by SQLite.
package main

import (
	"log"
	"net/http"
	"path/filepath"

	"github.com/example/notes/internal/config"
	"github.com/example/notes/internal/httpapi"
	"github.com/example/notes/internal/repo"
)

func main() {
	dataDir := config.Get("NOTES_DATA", "/var/lib/notes")
	r, err := repo.Open(filepath.Join(dataDir, "notes.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	addr := config.Get("ADDR", ":8000")
	log.Printf("api listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, httpapi.New(r)))
}
