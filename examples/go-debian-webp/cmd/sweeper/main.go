// Command sweeper deletes cached thumbnails older than MAX_AGE, every -every (or once with -once). Pure Go.
package main

import (
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/example/thumbs/internal/config"
	"github.com/example/thumbs/internal/sweep"
)

func main() {
	once := flag.Bool("once", false, "sweep once and exit")
	every := flag.Duration("every", time.Hour, "time between sweeps")
	flag.Parse()
	cfg := config.FromEnv()
	for {
		n, err := sweep.Once(cfg.CacheDir, cfg.MaxAge, time.Now())
		if err != nil {
			log.Printf("sweep %s: %v", cfg.CacheDir, err)
		} else {
			fmt.Printf("sweeper: removed %d thumbnails older than %s from %s\n", n, cfg.MaxAge, cfg.CacheDir)
		}
		if *once {
			return
		}
		time.Sleep(*every)
	}
}
