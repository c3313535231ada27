// Command scheduler runs periodic jobs such as thumbnail generation. It serves no HTTP.
package main

import (
	"log"
	"time"

	"github.com/example/photos/internal/config"
	"github.com/example/photos/internal/jobs"
	"github.com/example/photos/internal/store"
)

func main() {
	cfg := config.FromEnv("")
	log.Printf("scheduler started, photos in %s", cfg.PhotosDir)
	s := &store.Store{}
	for range time.Tick(time.Minute) {
		jobs.GenerateMissingThumbnails(s)
	}
}
