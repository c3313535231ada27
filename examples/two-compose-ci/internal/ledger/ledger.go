// Package ledger keeps balanced double-entry postings in memory and in a JSON-lines journal.
package ledger

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"sync"
)

type Posting struct {
	Account string `json:"account"`
	Amount  int64  `json:"amount"` // cents; debits positive, credits negative
}

type Entry struct {
	ID       string    `json:"id"`
	Memo     string    `json:"memo"`
	Postings []Posting `json:"postings"`
}

var ErrUnbalanced = errors.New("ledger: postings do not sum to zero")

func (e Entry) Validate() error {
	var sum int64
	for _, p := range e.Postings {
		sum += p.Amount
	}
	if sum != 0 || len(e.Postings) < 2 {
		return ErrUnbalanced
	}
	return nil
}

type Book struct {
	mu       sync.Mutex
	balances map[string]int64
}

func NewBook() *Book { return &Book{balances: map[string]int64{}} }

func (b *Book) Apply(e Entry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range e.Postings {
		b.balances[p.Account] += p.Amount
	}
	return nil
}

func (b *Book) Balance(account string) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.balances[account]
}

// Replay applies every entry of a JSON-lines journal.
func (b *Book) Replay(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		var e Entry
		if err := json.Unmarshal(scanner.Bytes(), &e); err != nil {
			return n, err
		}
		if err := b.Apply(e); err != nil {
			return n, err
		}
		n++
	}
	return n, scanner.Err()
}
