module github.com/example/gallery

go 1.25

require github.com/h2non/bimg v1.1.9
