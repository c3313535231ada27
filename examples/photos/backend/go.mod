module github.com/example/photos

go 1.25
