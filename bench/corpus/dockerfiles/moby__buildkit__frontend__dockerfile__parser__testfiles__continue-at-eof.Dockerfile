FROM alpine:3.5

RUN something \