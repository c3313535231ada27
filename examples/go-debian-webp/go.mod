module github.com/example/thumbs

go 1.23
