// Package mail claims queued e-mails from the API and delivers them over SMTP.
package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/smtp"
	"strings"
)

type Message struct {
	ID      int64  `json:"id"`
	To      string `json:"to"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

type Sender struct {
	APIBase  string
	SMTPAddr string
	From     string
	Client   *http.Client
}

// Claim asks the API for the next batch of unsent messages.
func (s *Sender) Claim(ctx context.Context) ([]Message, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(s.APIBase, "/")+"/internal/outbox/claim", nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("claim outbox: %s", resp.Status)
	}
	var out []Message
	return out, json.NewDecoder(resp.Body).Decode(&out)
}

func (s *Sender) Send(m Message) error {
	msg := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\n\r\n%s\r\n", s.From, m.To, m.Subject, m.Body)
	return smtp.SendMail(s.SMTPAddr, nil, s.From, []string{m.To}, []byte(msg))
}
