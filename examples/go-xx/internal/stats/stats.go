// Package stats keeps per-page counters in JSON files under a directory shared by the ingester and the API.
package stats

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"

	"github.com/example/clickstream/internal/events"
)

type Counters struct {
	mu    sync.Mutex
	dir   string
	pages map[string]int
}

func Open(dir string) (*Counters, error) {
	c := &Counters{dir: dir, pages: map[string]int{}}
	b, err := os.ReadFile(filepath.Join(dir, "pages.json"))
	if err == nil {
		_ = json.Unmarshal(b, &c.pages)
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	return c, nil
}

func (c *Counters) Add(e events.Click) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages[e.Page]++
}

func (c *Counters) Snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.pages))
	for k, v := range c.pages {
		out[k] = v
	}
	return out
}

// Flush writes the counters atomically.
func (c *Counters) Flush() error {
	b, err := json.Marshal(c.Snapshot())
	if err != nil {
		return err
	}
	tmp := filepath.Join(c.dir, "pages.json.tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(c.dir, "pages.json"))
}
