#!/usr/bin/env bash
# Local stand-ins for the registry base images the split engine test needs (no image registry is reachable here).
# Both are assembled from Debian packages only and carry LABEL org.dockwright.standin=true:
#   debian:bookworm-slim   `debootstrap --variant=minbase bookworm`, trimmed the way Debian's official image is
#                          (no docs/man/locales, apt cleans its .deb cache), then `docker import`
#   golang:1.23-bookworm   FROM that base: Debian's golang-1.23-go (bookworm-backports, Go 1.23.x) plus gcc,
#                          g++, libc6-dev, make, pkg-config, ca-certificates; GOPATH=/go, GOTOOLCHAIN=local
#                          (the official image also ships git, curl, wget… from buildpack-deps: these do not)
# Never pulls. A tag that already exists and is NOT a stand-in (a real image) is left alone and used as it is.
# Caches (reused when present; everything works without them): the trimmed rootfs tarball and a `docker save` of
# both stand-ins, in $DW_BASES_DIR (default $DW_ENGINE_DIR/bases, i.e. /tmp/dw-engine/bases), outside the clone.
# Needs DOCKER_HOST and DW_DOCKER (the docker CLI) as set by engine.sh; root for debootstrap.
#   standins.sh          make sure both images are in the engine DOCKER_HOST points at
#   standins.sh rootfs   only make (or keep) the rootfs tarball; needs no engine (run.sh starts it early)
# One run at a time (flock on $DW_BASES_DIR/.lock): a second run waits for the first and reuses what it made.
# Builds run with the engine's default (bridge) network; DW_STANDIN_NETWORK=host adds `--network host`.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BASES=${DW_BASES_DIR:-${DW_ENGINE_DIR:-/tmp/dw-engine}/bases}
DOCKER=${DW_DOCKER:-docker}
MIRROR=${DW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SLIM=debian:bookworm-slim
GOLANG=golang:1.23-bookworm
# The saved images are keyed by this script and the golang Dockerfile: edit either and they are rebuilt.
KEY=$(cat "$0" "$HERE/standins/golang.Dockerfile" | sha256sum | cut -c1-12)
SAVED=$BASES/standins-$KEY.tar
NET=()
[ "${DW_STANDIN_NETWORK:-}" = host ] && NET=(--network host)

log() { echo "[standins.sh $(date +%H:%M:%S)] $*" >&2; }
has_image() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }
is_standin() { [ "$("$DOCKER" image inspect -f '{{index .Config.Labels "org.dockwright.standin"}}' "$1" 2>/dev/null)" = true ]; }

make_rootfs() {
  [ -s "$ROOTFS_TAR" ] && { log "reusing $ROOTFS_TAR"; return 0; }
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=240 install -y -qq --no-install-recommends debootstrap >/dev/null \
      || { apt-get -o DPkg::Lock::Timeout=240 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=240 install -y -qq --no-install-recommends debootstrap >/dev/null; }
  fi
  rm -rf "$BASES"/rootfs.*   # left by an interrupted run (we hold the lock)
  local work
  work=$(mktemp -d "$BASES/rootfs.XXXXXX")
  log "debootstrap --variant=minbase bookworm ($MIRROR) into $work"
  if ! timeout 900 debootstrap --variant=minbase bookworm "$work/root" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
    tail -30 "$work/debootstrap.log" >&2; rm -rf "$work"; return 1
  fi
  local r=$work/root
  # What Debian's official image does (debuerreotype): no docs/man/locales from later installs, apt drops its
  # downloaded .debs and binary caches, no translations, suggested packages are not kept by autoremove.
  cat >"$r/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  echo force-unsafe-io >"$r/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  cat >"$r/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' >"$r/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$r/etc/apt/apt.conf.d/docker-autoremove-suggests"
  rm -f "$r/etc/apt/sources.list"
  printf 'Types: deb\nURIs: %s\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: %s\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$MIRROR" "${MIRROR%/debian}/debian-security" >"$r/etc/apt/sources.list.d/debian.sources"
  rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* "$r"/usr/share/man/* "$r"/var/log/*.log "$r"/var/log/apt/*
  find "$r/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete 2>/dev/null || true
  find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  tar --numeric-owner -C "$r" -cf "$work/rootfs.tar" .
  rm -f "$BASES"/bookworm-minbase-slim*.tar
  mv "$work/rootfs.tar" "$ROOTFS_TAR"
  rm -rf "$work"
  log "rootfs ready: $ROOTFS_TAR ($(du -h "$ROOTFS_TAR" | cut -f1))"
}

# The rootfs tarball is keyed by the function that makes it and the mirror: edit it and debootstrap runs again.
ROOTFS_TAR=$BASES/bookworm-minbase-slim-$( (declare -f make_rootfs; echo "$MIRROR") | sha256sum | cut -c1-12).tar
mkdir -p "$BASES"
exec 9>"$BASES/.lock"
flock -w 1800 9 || { log "$BASES/.lock still held after 30 min"; exit 1; }
if [ "${1:-}" = rootfs ]; then make_rootfs; exit 0; fi

key_of() { "$DOCKER" image inspect -f '{{index .Config.Labels "org.dockwright.standin.key"}}' "$1" 2>/dev/null; }
# Usable: a real image (left alone), or a stand-in made by this version of this script.
usable() { has_image "$1" && { ! is_standin "$1" || [ "$(key_of "$1")" = "$KEY" ]; }; }
save_once() {
  if is_standin $SLIM && is_standin $GOLANG && [ ! -s "$SAVED" ]; then
    rm -f "$BASES"/standins-*.tar
    "$DOCKER" save -o "$SAVED.part" $SLIM $GOLANG && mv "$SAVED.part" "$SAVED"
    log "saved both stand-ins to $SAVED ($(du -h "$SAVED" | cut -f1))"
  fi
}

if usable $SLIM && usable $GOLANG; then log "$SLIM and $GOLANG already in this engine"; save_once; exit 0; fi

# Stand-ins made by another version of this script go (the golang one too when the base it was built on goes).
if ! usable $SLIM && is_standin $SLIM; then "$DOCKER" rmi $SLIM >/dev/null; is_standin $GOLANG && "$DOCKER" rmi $GOLANG >/dev/null; fi
if ! usable $GOLANG && is_standin $GOLANG; then "$DOCKER" rmi $GOLANG >/dev/null; fi

if [ -s "$SAVED" ] && ! has_image $SLIM && ! has_image $GOLANG; then
  log "docker load < $SAVED"
  "$DOCKER" load -q -i "$SAVED" >&2
  usable $SLIM && usable $GOLANG && { log "ready: $SLIM $GOLANG"; exit 0; }
fi

if ! has_image $SLIM; then
  make_rootfs
  log "docker import $ROOTFS_TAR $SLIM"
  "$DOCKER" import --change 'LABEL org.dockwright.standin=true' --change "LABEL org.dockwright.standin.key=$KEY" \
    --change 'CMD ["bash"]' "$ROOTFS_TAR" $SLIM >/dev/null
fi

if ! has_image $GOLANG; then
  log "building $GOLANG FROM $SLIM (apt: golang-1.23-go from bookworm-backports)"
  "$DOCKER" build "${NET[@]}" --label "org.dockwright.standin.key=$KEY" -t $GOLANG -f "$HERE/standins/golang.Dockerfile" "$HERE/standins" >&2
fi

save_once
log "ready: $SLIM $GOLANG"
