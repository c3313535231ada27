// Package storage keeps originals and renditions under one media directory.
package storage

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type Store struct{ Root string }

func (s Store) OriginalsDir() string  { return filepath.Join(s.Root, "originals") }
func (s Store) RenditionsDir() string { return filepath.Join(s.Root, "renditions") }

// Path returns where name lives inside dir, refusing names that would escape it.
func (s Store) Path(dir, name string) (string, error) {
	clean := filepath.Clean("/" + name)
	if strings.Contains(clean, "..") || clean == "/" {
		return "", errors.New("storage: bad name")
	}
	return filepath.Join(dir, clean), nil
}

// Pending lists originals that have no rendition yet.
func (s Store) Pending() ([]string, error) {
	entries, err := os.ReadDir(s.OriginalsDir())
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(s.RenditionsDir(), RenditionName(e.Name()))); errors.Is(err, fs.ErrNotExist) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// RenditionName is the file name of the web rendition of an original.
func RenditionName(original string) string {
	return strings.TrimSuffix(original, filepath.Ext(original)) + ".webp"
}

// RemoveOlderThan deletes renditions not modified since the cutoff and returns how many went.
func (s Store) RemoveOlderThan(cutoff time.Time) (int, error) {
	removed := 0
	err := filepath.WalkDir(s.RenditionsDir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.ModTime().Before(cutoff) {
			if err := os.Remove(path); err != nil {
				return err
			}
			removed++
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return removed, nil
	}
	return removed, err
}
