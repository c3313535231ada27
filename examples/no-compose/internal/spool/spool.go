// Package spool appends relayed lines to hourly files that the archiver later compresses.
package spool

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// FileFor is the spool file for the hour t falls in.
func FileFor(dir string, t time.Time) string {
	return filepath.Join(dir, fmt.Sprintf("%s.log", t.UTC().Format("2006010215")))
}

// Closed lists spool files of hours that have ended.
func Closed(dir string, now time.Time) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "*.log"))
	if err != nil {
		return nil, err
	}
	current := FileFor(dir, now)
	var out []string
	for _, m := range matches {
		if m != current {
			out = append(out, m)
		}
	}
	return out, nil
}

// Append writes one line to the current hour's file.
func Append(dir string, line []byte) error {
	f, err := os.OpenFile(FileFor(dir, time.Now()), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(append(line, '\n'))
	return err
}
