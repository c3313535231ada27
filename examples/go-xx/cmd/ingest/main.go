// Command ingest consumes click events from Kafka and keeps per-page counters on disk.
package main

import (
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/example/clickstream/internal/consumer"
	"github.com/example/clickstream/internal/stats"
)

func main() {
	dir := getenv("STATS_DIR", "/var/lib/clickstream")
	counters, err := stats.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	stop := make(chan struct{})
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() { <-sig; close(stop) }()
	go func() {
		for range time.Tick(10 * time.Second) {
			if err := counters.Flush(); err != nil {
				log.Printf("flush: %v", err)
			}
		}
	}()
	err = consumer.Run(getenv("KAFKA_BROKERS", "kafka:9092"), "clickstream-ingest", getenv("TOPIC", "clicks"), counters.Add, stop)
	if ferr := counters.Flush(); ferr != nil {
		log.Printf("final flush: %v", ferr)
	}
	if err != nil {
		log.Fatal(err)
	}
}

func getenv(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
