// Package httpapi serves the notes JSON API.
package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/example/notes/internal/repo"
)

func New(r *repo.Repo) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /notes", func(w http.ResponseWriter, req *http.Request) {
		limit, _ := strconv.Atoi(req.URL.Query().Get("limit"))
		if limit <= 0 || limit > 100 {
			limit = 20
		}
		notes, err := r.List(req.Context(), limit)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, http.StatusOK, notes)
	})
	mux.HandleFunc("POST /notes", func(w http.ResponseWriter, req *http.Request) {
		var in struct{ Author, Body string }
		if err := json.NewDecoder(http.MaxBytesReader(w, req.Body, 64<<10)).Decode(&in); err != nil || in.Author == "" {
			http.Error(w, "author and body are required", http.StatusBadRequest)
			return
		}
		note, err := r.Add(req.Context(), in.Author, in.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, http.StatusCreated, note)
	})
	// The mailer drains the outbox through this endpoint, so it never opens the database itself.
	mux.HandleFunc("POST /internal/outbox/claim", func(w http.ResponseWriter, req *http.Request) {
		mails, err := r.PendingMail(req.Context(), 50)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, http.StatusOK, mails)
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
