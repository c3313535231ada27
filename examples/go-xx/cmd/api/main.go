// Command api serves the page counters the ingester writes, on :8090.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/example/clickstream/internal/stats"
)

func main() {
	dir := os.Getenv("STATS_DIR")
	if dir == "" {
		dir = "/var/lib/clickstream"
	}
	http.HandleFunc("/pages", func(w http.ResponseWriter, r *http.Request) {
		counters, err := stats.Open(dir)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(counters.Snapshot())
	})
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	log.Fatal(http.ListenAndServe(":8090", nil))
}
