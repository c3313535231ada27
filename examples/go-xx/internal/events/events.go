// Package events defines the click events the ingester stores and the API aggregates.
package events

import (
	"encoding/json"
	"errors"
	"time"
)

type Click struct {
	Page    string    `json:"page"`
	Visitor string    `json:"visitor"`
	At      time.Time `json:"at"`
}

func Decode(b []byte) (Click, error) {
	var c Click
	if err := json.Unmarshal(b, &c); err != nil {
		return Click{}, err
	}
	if c.Page == "" || c.Visitor == "" {
		return Click{}, errors.New("events: page and visitor are required")
	}
	if c.At.IsZero() {
		c.At = time.Now().UTC()
	}
	return c, nil
}
