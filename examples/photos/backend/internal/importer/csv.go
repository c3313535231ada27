// Package importer loads album metadata from CSV exports. Pure Go: no image work.
package importer

import (
	"encoding/csv"
	"io"
)

// Row is one album entry.
type Row struct {
	Album string
	Title string
}

// Parse reads album,title rows.
func Parse(r io.Reader) ([]Row, error) {
	records, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(records))
	for _, rec := range records {
		if len(rec) >= 2 {
			rows = append(rows, Row{Album: rec[0], Title: rec[1]})
		}
	}
	return rows, nil
}
