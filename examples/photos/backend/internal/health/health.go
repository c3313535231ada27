// Package health serves the /health endpoint every service exposes.
package health

import "net/http"

// Handler answers 200 OK while the process is up.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
}
