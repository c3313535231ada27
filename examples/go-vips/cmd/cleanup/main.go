// Command cleanup removes renditions older than -days; run it from cron or by hand.
package main

import (
	"flag"
	"log"
	"time"

	"github.com/example/gallery/internal/storage"
)

func main() {
	root := flag.String("root", "/srv/media", "media root")
	days := flag.Int("days", 30, "remove renditions not touched for this many days")
	flag.Parse()
	n, err := storage.Store{Root: *root}.RemoveOlderThan(time.Now().AddDate(0, 0, -*days))
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("removed %d renditions", n)
}
