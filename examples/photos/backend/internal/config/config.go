// Package config reads service settings from the environment.
package config

import "os"

// Config holds what every service needs.
type Config struct {
	DatabaseURL string
	RedisURL    string
	PhotosDir   string
	Addr        string
}

// FromEnv reads the configuration, with defaults for local development.
func FromEnv(defaultAddr string) Config {
	return Config{
		DatabaseURL: get("DATABASE_URL", "postgres://photos:photos@localhost:5432/photos?sslmode=disable"),
		RedisURL:    get("REDIS_URL", "redis://localhost:6379"),
		PhotosDir:   get("PHOTOS_DIR", "/data/photos"),
		Addr:        get("ADDR", defaultAddr),
	}
}

func get(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return fallback
}
