// Command resizer renders pending uploads every few seconds.
package main

import (
	"log"
	"os"
	"time"

	"github.com/example/gallery/internal/pipeline"
	"github.com/example/gallery/internal/storage"
)

func main() {
	root := os.Getenv("MEDIA_ROOT")
	if root == "" {
		root = "/srv/media"
	}
	store := storage.Store{Root: root}
	for {
		n, err := pipeline.RunOnce(store, 1600)
		if err != nil {
			log.Printf("resize: %v", err)
		} else if n > 0 {
			log.Printf("rendered %d images", n)
		}
		time.Sleep(5 * time.Second)
	}
}
