#!/usr/bin/env bash
# Installs, starts and stops a real Docker engine for `npm run test:engine` (see /work/shared/ENGINE.md).
#   engine.sh install            both routes, idempotent (bookworm apt packages + trixie debs extracted privately)
#   engine.sh start legacy|modern start dockerd for that route (idempotent); prints `export` lines for the route
#   engine.sh stop  legacy|modern stop dockerd by the PID in its pidfile
# Routes: legacy = bookworm docker.io 20.10 + docker-compose v1; modern = trixie dockerd 26 + compose v2 + buildx.
set -euo pipefail
BASE=${DW_ENGINE_DIR:-/tmp/dw-engine}
ROOT=$BASE/root            # extracted trixie debs
CFG=$BASE/cfg              # private DOCKER_CONFIG with the v2 plugins
A=$BASE/apt

log() { echo "[engine.sh] $*" >&2; }

install_bookworm() {
  if [ -x /usr/sbin/dockerd ] && [ -x /usr/bin/docker ] && command -v docker-compose >/dev/null && dpkg -s busybox-static >/dev/null 2>&1; then
    log "bookworm packages already installed"; return 0
  fi
  log "installing docker.io docker-compose busybox-static (apt)"
  export DEBIAN_FRONTEND=noninteractive
  # other jobs on the machine may hold the dpkg lock: wait for it (bounded) instead of failing
  apt-get -o DPkg::Lock::Timeout=240 update -qq
  apt-get -o DPkg::Lock::Timeout=240 install -y -qq --no-install-recommends docker.io docker-compose busybox-static iptables >/dev/null
}

install_trixie() {
  if [ -x $ROOT/usr/sbin/dockerd ] && [ -x $CFG/cli-plugins/docker-compose ] && [ -x $CFG/cli-plugins/docker-buildx ]; then
    log "trixie engine already extracted in $ROOT"; return 0
  fi
  log "downloading trixie docker.io docker-cli docker-compose docker-buildx into $A (private apt state)"
  mkdir -p $A/lists/partial $A/cache/archives/partial $A/sources.d $A/debs
  local mirror
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" >$A/sources.d/trixie.sources
  local O=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$A/sources.d -o Dir::State::Lists=$A/lists -o Dir::Cache=$A/cache)
  apt-get "${O[@]}" update -qq
  (cd $A/debs && rm -f ./*.deb && apt-get "${O[@]}" download docker-compose docker-buildx docker.io docker-cli >/dev/null)
  mkdir -p $ROOT $CFG/cli-plugins
  for f in $A/debs/*.deb; do dpkg-deb -x "$f" $ROOT; done   # never dpkg -i: it would collide with compose v1
  cp $ROOT/usr/libexec/docker/cli-plugins/docker-compose $ROOT/usr/libexec/docker/cli-plugins/docker-buildx $CFG/cli-plugins/
}

route_env() { # prints the environment for a route
  local r=$1 D=$BASE/$1
  echo "export DOCKER_HOST=unix://$D/docker.sock"
  if [ "$r" = modern ]; then
    echo "export DOCKER_CONFIG=$CFG"
    echo "export DW_DOCKER=$ROOT/usr/bin/docker"
    echo "export DW_COMPOSE_FLAVOUR=v2"
  else
    mkdir -p $D/cfg
    echo "export DOCKER_CONFIG=$D/cfg"
    echo "export DW_DOCKER=/usr/bin/docker"
    echo "export DW_DOCKER_COMPOSE=$(command -v docker-compose)"
    echo "export DW_COMPOSE_FLAVOUR=v1"
  fi
  echo "export DW_ENGINE_ROUTE=$r"
}

start() {
  local r=$1 D=$BASE/$1 dockerd docker
  if [ "$r" = modern ]; then dockerd=$ROOT/usr/sbin/dockerd; docker=$ROOT/usr/bin/docker; else dockerd=/usr/sbin/dockerd; docker=/usr/bin/docker; fi
  mkdir -p $D
  if [ -f $D/docker.pid ] && kill -0 "$(cat $D/docker.pid)" 2>/dev/null && DOCKER_HOST=unix://$D/docker.sock $docker version >/dev/null 2>&1; then
    log "$r dockerd already running (pid $(cat $D/docker.pid))"; route_env $r; return 0
  fi
  local p
  for p in legacy modern; do  # the two daemons would fight over docker0: only one at a time
    if [ "$p" != "$r" ] && [ -f $BASE/$p/docker.pid ] && kill -0 "$(cat $BASE/$p/docker.pid)" 2>/dev/null; then stop $p; fi
  done
  log "starting $r dockerd ($dockerd)"
  PATH=$ROOT/usr/sbin:$ROOT/usr/bin:$PATH
  [ "$r" = modern ] || PATH=/usr/sbin:/usr/bin:$PATH
  PATH=$PATH setsid "$dockerd" --data-root $D/data --exec-root $D/exec --host unix://$D/docker.sock \
    --pidfile $D/docker.pid >$D/dockerd.log 2>&1 </dev/null &
  local i
  for i in $(seq 1 60); do
    if DOCKER_HOST=unix://$D/docker.sock $docker version >/dev/null 2>&1; then log "$r dockerd up after ~$((i / 4))s"; route_env $r; return 0; fi
    sleep 0.25
  done
  log "dockerd did not answer within 15s; last log lines:"; tail -20 $D/dockerd.log >&2 || true
  return 1
}

stop() {
  local r=$1 D=$BASE/$1 pid i
  if [ -f $D/docker.pid ]; then
    pid=$(cat $D/docker.pid)
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping $r dockerd pid $pid"
      kill "$pid"
      for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      if kill -0 "$pid" 2>/dev/null; then log "pid $pid still alive after 15s: SIGKILL"; kill -9 "$pid" || true; fi
    fi
    rm -f $D/docker.pid
  fi
  if mountpoint -q $D/exec/netns/default 2>/dev/null; then umount $D/exec/netns/default || true; fi
}

case "${1:-}" in
  install) install_bookworm; install_trixie ;;
  start) start "${2:?route}" ;;
  stop) stop "${2:?route}" ;;
  env) route_env "${2:?route}" ;;
  *) echo "usage: $0 install | start legacy|modern | stop legacy|modern | env legacy|modern" >&2; exit 2 ;;
esac
