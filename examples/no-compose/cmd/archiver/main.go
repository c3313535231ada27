// Command archiver compresses finished spool files with zstd every few minutes.
package main

import (
	"flag"
	"log"
	"os"
	"time"

	"git.example.org/telemetry/internal/spool"
	"git.example.org/telemetry/internal/zstd"
)

func main() {
	dir := flag.String("spool", "/var/lib/archive/spool", "spool directory")
	every := flag.Duration("every", 5*time.Minute, "how often to look for finished files")
	flag.Parse()
	for {
		files, err := spool.Closed(*dir, time.Now())
		if err != nil {
			log.Printf("list: %v", err)
		}
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				log.Printf("read %s: %v", f, err)
				continue
			}
			packed, err := zstd.Compress(raw, 9)
			if err != nil {
				log.Printf("compress %s: %v", f, err)
				continue
			}
			if err := os.WriteFile(f+".zst", packed, 0o640); err == nil {
				_ = os.Remove(f)
			}
		}
		time.Sleep(*every)
	}
}
