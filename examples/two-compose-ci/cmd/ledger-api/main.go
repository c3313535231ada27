// Command ledger-api accepts journal entries and answers balance queries on :9090.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"

	"example.com/ledger/internal/ledger"
)

func main() {
	book := ledger.NewBook()
	if path := os.Getenv("JOURNAL"); path != "" {
		if n, err := book.Replay(path); err != nil {
			log.Printf("replay stopped after %d entries: %v", n, err)
		}
	}
	http.HandleFunc("/entries", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		var e ledger.Entry
		if err := json.NewDecoder(r.Body).Decode(&e); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if err := book.Apply(e); err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
	http.HandleFunc("/balance", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]int64{"balance": book.Balance(r.URL.Query().Get("account"))})
	})
	log.Fatal(http.ListenAndServe(":9090", nil))
}
