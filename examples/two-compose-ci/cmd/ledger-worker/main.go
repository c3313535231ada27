// Command ledger-worker replays the journal nightly and logs the balances it checks.
package main

import (
	"flag"
	"log"
	"strings"
	"time"

	"example.com/ledger/internal/ledger"
)

func main() {
	journal := flag.String("journal", "/var/lib/ledger/journal.jsonl", "journal to verify")
	accounts := flag.String("accounts", "cash,revenue", "comma-separated accounts to report")
	every := flag.Duration("every", 24*time.Hour, "how often to verify")
	flag.Parse()
	for {
		book := ledger.NewBook()
		n, err := book.Replay(*journal)
		if err != nil {
			log.Printf("journal invalid after %d entries: %v", n, err)
		} else {
			for _, a := range strings.Split(*accounts, ",") {
				log.Printf("%s = %d", a, book.Balance(a))
			}
		}
		time.Sleep(*every)
	}
}
