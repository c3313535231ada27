// Package repo stores notes and queued e-mails.
package repo

import (
	"context"
	"database/sql"
	"time"

	"github.com/example/notes/internal/db"
)

type Note struct {
	ID        int64     `json:"id"`
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

type Mail struct {
	ID      int64  `json:"id"`
	To      string `json:"to"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

type Repo struct{ conn *sql.DB }

func Open(path string) (*Repo, error) {
	conn, err := db.Open(path)
	if err != nil {
		return nil, err
	}
	return &Repo{conn: conn}, nil
}

func (r *Repo) Close() error { return r.conn.Close() }

func (r *Repo) Add(ctx context.Context, author, body string) (Note, error) {
	res, err := r.conn.ExecContext(ctx, `INSERT INTO notes (author, body) VALUES (?, ?)`, author, body)
	if err != nil {
		return Note{}, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Note{}, err
	}
	if _, err := r.conn.ExecContext(ctx, `INSERT INTO outbox (to_addr, subject, body) VALUES (?, ?, ?)`,
		author, "Note saved", body); err != nil {
		return Note{}, err
	}
	return Note{ID: id, Author: author, Body: body, CreatedAt: time.Now().UTC()}, nil
}

func (r *Repo) List(ctx context.Context, limit int) ([]Note, error) {
	rows, err := r.conn.QueryContext(ctx, `SELECT id, author, body, created_at FROM notes ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.ID, &n.Author, &n.Body, &n.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// PendingMail returns up to limit unsent e-mails and marks them sent.
func (r *Repo) PendingMail(ctx context.Context, limit int) ([]Mail, error) {
	tx, err := r.conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, to_addr, subject, body FROM outbox WHERE sent = 0 ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	var out []Mail
	for rows.Next() {
		var m Mail
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, m)
	}
	rows.Close()
	for _, m := range out {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET sent = 1 WHERE id = ?`, m.ID); err != nil {
			return nil, err
		}
	}
	return out, tx.Commit()
}
