// Package db opens the SQLite database and keeps its schema current.
package db

import (
	"database/sql"
	"fmt"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver (cgo)
)

const schema = `
CREATE TABLE IF NOT EXISTS notes (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	author     TEXT NOT NULL,
	body       TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS outbox (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body    TEXT NOT NULL,
	sent    INTEGER NOT NULL DEFAULT 0
);`

// Open opens (and creates if needed) the database file at path.
func Open(path string) (*sql.DB, error) {
	conn, err := sql.Open("sqlite3", fmt.Sprintf("file:%s?_journal_mode=WAL&_busy_timeout=5000", path))
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(1)
	if _, err := conn.Exec(schema); err != nil {
		conn.Close()
		return nil, fmt.Errorf("apply schema: %w", err)
	}
	return conn, nil
}
