// Command api serves WebP thumbnails: GET /thumb?name=N&w=W&h=H renders, stores and returns one.
// `api -selftest` encodes one thumbnail and exits (used to check an image links libwebp).
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"

	"github.com/example/thumbs/internal/config"
	"github.com/example/thumbs/internal/thumbs"
)

func main() {
	selftest := flag.Bool("selftest", false, "encode one thumbnail, print its size and exit")
	flag.Parse()
	cfg := config.FromEnv()
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = ":8080"
	}
	if *selftest {
		data, err := thumbs.Encode(thumbs.Render(64, 48, 7), 80)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("api selftest: %s, %d-byte webp (RIFF=%t)\n", thumbs.Encoder(), len(data), len(data) > 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP")
		return
	}
	http.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	http.HandleFunc("/thumb", func(w http.ResponseWriter, r *http.Request) {
		width, _ := strconv.Atoi(r.URL.Query().Get("w"))
		height, _ := strconv.Atoi(r.URL.Query().Get("h"))
		if width <= 0 || width > 1024 || height <= 0 || height > 1024 {
			http.Error(w, "w and h must be 1..1024", http.StatusBadRequest)
			return
		}
		data, err := thumbs.Encode(thumbs.Render(width, height, 0), 80)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if name := r.URL.Query().Get("name"); name != "" {
			if _, err := thumbs.Store(cfg.CacheDir, name, data); err != nil {
				log.Printf("store %s: %v", name, err)
			}
		}
		w.Header().Set("Content-Type", "image/webp")
		_, _ = w.Write(data)
	})
	log.Printf("api listening on %s (%s, cache %s)", addr, thumbs.Encoder(), cfg.CacheDir)
	if err := http.ListenAndServe(addr, nil); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}
