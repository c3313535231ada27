# Local stand-in for the official golang:1.23-bookworm image, built from Debian packages only (see ../standins.sh).
FROM debian:bookworm-slim
LABEL org.dockwright.standin=true \
      org.dockwright.standin.note="Go from Debian's golang-1.23-go (bookworm-backports), not the official golang image"
RUN echo 'deb http://deb.debian.org/debian bookworm-backports main' >/etc/apt/sources.list.d/backports.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends -t bookworm-backports golang-1.23-go \
    && apt-get install -y --no-install-recommends ca-certificates g++ gcc libc6-dev make pkg-config \
    && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/backports.list \
    && ln -s /usr/lib/go-1.23 /usr/local/go \
    && mkdir -p /go/src /go/bin && chmod -R 1777 /go
ENV GOLANG_VERSION=1.23 \
    GOTOOLCHAIN=local \
    GOPATH=/go \
    PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /go
