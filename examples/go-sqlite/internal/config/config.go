// Package config reads settings shared by the notes programs from the environment.
package config

import "os"

// Get returns the environment variable key, or fallback when it is unset or empty.
func Get(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
