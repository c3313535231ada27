// Command mailer delivers the e-mails the API queued. It talks to the API over HTTP and never opens the database.
package main

import (
	"context"
	"log"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/example/notes/internal/config"
	"github.com/example/notes/internal/mail"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	sender := &mail.Sender{
		APIBase:  config.Get("API_URL", "http://api:8000"),
		SMTPAddr: config.Get("SMTP_ADDR", "mailpit:1025"),
		From:     config.Get("MAIL_FROM", "notes@example.com"),
		Client:   &http.Client{Timeout: 10 * time.Second},
	}
	ticker := time.NewTicker(5 * time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		batch, err := sender.Claim(ctx)
		if err != nil {
			log.Printf("claim: %v", err)
			continue
		}
		for _, m := range batch {
			if err := sender.Send(m); err != nil {
				log.Printf("send %d: %v", m.ID, err)
			}
		}
	}
}
