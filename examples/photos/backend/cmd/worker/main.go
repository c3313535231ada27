// Command worker imports CSV album exports queued in Redis. It never touches images.
package main

import (
	"log"
	"net/http"
	"strings"

	"github.com/example/photos/internal/config"
	"github.com/example/photos/internal/health"
	"github.com/example/photos/internal/importer"
)

func main() {
	cfg := config.FromEnv(":8081")
	rows, err := importer.Parse(strings.NewReader("holiday,beach\n"))
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("worker ready (%d sample rows, queue %s)", len(rows), cfg.RedisURL)
	log.Fatal(http.ListenAndServe(cfg.Addr, health.Handler()))
}
