// Package config reads the settings both programs share from the environment.
package config

import (
	"os"
	"time"
)

type Config struct {
	CacheDir string
	MaxAge   time.Duration
}

func FromEnv() Config {
	c := Config{CacheDir: "/var/cache/thumbs", MaxAge: 24 * time.Hour}
	if v := os.Getenv("THUMBS_DIR"); v != "" {
		c.CacheDir = v
	}
	if v, err := time.ParseDuration(os.Getenv("MAX_AGE")); err == nil {
		c.MaxAge = v
	}
	return c
}
