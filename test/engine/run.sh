#!/usr/bin/env bash
# `npm run test:engine`: installs and starts a real Docker engine (both routes of ENGINE.md, one after the
# other), runs test/engine/*.test.ts against each, stops each dockerd by its pidfile PID.
#   DW_ENGINE_ROUTES="modern legacy" (default both)   DW_ENGINE_KEEP=1 keeps the last engine running
# splitBuild.test.ts (really builds the split of examples/go-debian-webp on Debian stand-in bases) runs on its own,
# with a longer timeout, on the routes in DW_SPLIT_BUILD_ROUTES (default "modern"; "" = none).
set -uo pipefail
cd "$(dirname "$0")/../.."
HERE=test/engine
ROUTES=${DW_ENGINE_ROUTES:-modern legacy}
export DW_SPLIT_BUILD_ROUTES=${DW_SPLIT_BUILD_ROUTES-modern}
T0=$(date +%s)
TIMINGS=()

no_engine() {
  echo "" >&2
  echo "############################################################################" >&2
  echo "##  ENGINE TESTS NOT RUN: $*" >&2
  echo "##  No container engine could be installed/started on this machine." >&2
  echo "############################################################################" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
  echo "##  (not CI: exiting 0; under CI=true this is a failure)" >&2
  exit 0
}

[ "$(id -u)" = 0 ] || no_engine "needs root (dockerd and apt-get)"
command -v apt-get >/dev/null || no_engine "apt-get not available"

rootfs_pid=""
if [ -n "$DW_SPLIT_BUILD_ROUTES" ]; then
  # The stand-in Debian rootfs (debootstrap, 1-3 min cold, then cached) is made while the engine installs and the
  # other engine tests run; splitBuild.test.ts waits for it (standins.sh holds a lock) or makes it itself.
  mkdir -p "${DW_ENGINE_DIR:-/tmp/dw-engine}"
  setsid bash $HERE/standins.sh rootfs >"${DW_ENGINE_DIR:-/tmp/dw-engine}/standins-rootfs.log" 2>&1 </dev/null &
  rootfs_pid=$!
fi

# engine.test.ts asks the built language server (dist/server/server.js) for compose services and failure locations.
node scripts/build.mjs || { echo "build failed" >&2; exit 1; }

t=$(date +%s)
bash $HERE/engine.sh install || no_engine "installing the engine packages failed"
TIMINGS+=("install (both routes): $(( $(date +%s) - t ))s")

current=""
cleanup() {
  [ -n "$rootfs_pid" ] && kill -- -"$rootfs_pid" 2>/dev/null
  [ -n "$current" ] && [ "${DW_ENGINE_KEEP:-}" != 1 ] && bash $HERE/engine.sh stop "$current"
}
trap cleanup EXIT

status=0
for route in $ROUTES; do
  t=$(date +%s)
  envfile=$(mktemp)
  current=$route
  bash $HERE/engine.sh start "$route" >"$envfile" || no_engine "dockerd ($route) did not start"
  TIMINGS+=("$route: engine start $(( $(date +%s) - t ))s")
  t=$(date +%s)
  echo "=== engine tests on route: $route ===" >&2
  files=(); for f in $HERE/*.test.ts; do [ "$f" = $HERE/splitBuild.test.ts ] || files+=("$f"); done
  ( set -a; . "$envfile"; set +a
    node --import tsx --test --test-reporter=spec --test-timeout=240000 "${files[@]}" ) || status=1
  TIMINGS+=("$route: tests $(( $(date +%s) - t ))s")
  if [[ " $DW_SPLIT_BUILD_ROUTES " == *" $route "* ]]; then
    t=$(date +%s)
    ( set -a; . "$envfile"; set +a
      node --import tsx --test --test-reporter=spec --test-timeout=1800000 $HERE/splitBuild.test.ts ) || status=1
    TIMINGS+=("$route: split build test $(( $(date +%s) - t ))s")
  fi
  rm -f "$envfile"
  if [ "${DW_ENGINE_KEEP:-}" != 1 ]; then bash $HERE/engine.sh stop "$route"; current=""; fi
done

echo "=== engine test timings ===" >&2
for line in "${TIMINGS[@]}"; do echo "  $line" >&2; done
echo "  total: $(( $(date +%s) - T0 ))s" >&2
exit $status
