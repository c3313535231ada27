#!/usr/bin/env bash
# Rebuilds the reduced copies of the split corpus from mirrors of the public repositories.
# Usage: collect.sh MIRROR_ROOT [owner__repo ...]
#   MIRROR_ROOT holds bare clones as <owner>+<repo>/repo (the layout the project's fetch tool produces).
# Each copy keeps only what Split/DW101 read: Dockerfiles, compose files, CI workflows, Makefiles, build
# manifests (go.mod, Cargo.toml, package.json, pyproject.toml, requirements; lock files up to 4 MB), licences, and per repository the
# sources listed below. The pinned commit goes to COMMIT; ANSWER.md and answer.json are written by hand.
set -euo pipefail
MIRRORS=${1:?mirror root}; shift || true
HERE=$(cd "$(dirname "$0")" && pwd)

# owner__repo  extra-path-regex (sources split reads)
REPOS=(
  "matrix-org__dendrite ^cmd/[^/]+/main\.go$"
  "nsqio__nsq ^(apps|internal|nsqd|nsqlookupd|nsqadmin)/.*\.go$"
  "lightningnetwork__lnd ^cmd/[^/]+/main\.go$|^scripts/(verify-install|release)\.sh$|^docker/lnd/start-lnd\.sh$"
  "ThreeDotsLabs__wild-workouts-go-ddd-example ^internal/.*\.go$|^docker/app/start\.sh$|^scripts/.*\.sh$"
  "rustdesk__rustdesk-server ^src/(main|hbbr)\.rs$|^docker/(rootfs/.*|.*\.sh)$|^docker-classic/.*$|^build\.rs$"
  "rqlite__rqlite ^cmd/[^/]+/main\.go$|^docker-entrypoint\.sh$"
  "getredash__redash ^bin/docker-entrypoint$|^redash/__init__\.py$"
  "neondatabase__neon ^docker-compose/.*\.(sh|ya?ml|json)$|^(pageserver|safekeeper|storage_broker|proxy|storage_controller|storage_scrubber|control_plane)/src/bin/[^/]+\.rs$|^(pageserver|safekeeper|storage_broker|proxy|storage_controller|storage_scrubber|control_plane)/Cargo\.toml$|^(pageserver/ctl|endpoint_storage|storage_controller|storage_scrubber)/src/main\.rs$|^Cargo\.lock$"
  "getsentry__self-hosted ^sentry/.*$|^cron/.*$"
  "hoppscotch__hoppscotch ^prod\.Dockerfile$"
  "ChrisVilches__Youtube-Podcast ^src/.*\.ts$|^tsconfig\.json$|^package-lock\.json$"
)

pick() { # repo-dir extra-regex commit
  git --git-dir="$1" ls-tree -r --name-only "$3" | grep -E \
    -e '(^|/)([^/]*\.)?(Dockerfile|Containerfile)(\.[^/]*)?$' \
    -e '(^|/)(docker-)?compose[^/]*\.ya?ml$' \
    -e '^\.github/workflows/[^/]+\.ya?ml$' -e '^\.circleci/config\.yml$' \
    -e '(^|/)(GNU)?[Mm]akefile$' -e '\.mk$' \
    -e '^go\.mod$' -e '(^|/)Cargo\.toml$' -e '^package\.json$' -e '^pyproject\.toml$' -e '^requirements[^/]*\.txt$' \
    -e '^(LICEN[CS]E|COPYING)[^/]*$' \
    -e "$2" | grep -Ev -e '(^|/)(vendor|node_modules|testdata)/' -e '_test\.go$' || true
}

for spec in "${REPOS[@]}"; do
  read -r name extra <<<"$spec"
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  git_dir="$MIRRORS/${name/__/+}/repo"
  [ -d "$git_dir" ] || { echo "skip $name: no mirror at $git_dir" >&2; continue; }
  # The pinned commit (COMMIT, committed next to the answer); the mirror's HEAD only for a new repository.
  head=$(cat "$HERE/$name/COMMIT" 2>/dev/null || git --git-dir="$git_dir" rev-parse HEAD)
  git --git-dir="$git_dir" cat-file -e "$head^{commit}" 2>/dev/null || { echo "skip $name: pinned commit $head not in the mirror" >&2; continue; }
  out="$HERE/$name/repo"
  rm -rf "$out"; mkdir -p "$out"
  pick "$git_dir" "$extra" "$head" | while read -r f; do
    size=$(git --git-dir="$git_dir" cat-file -s "$head:$f")
    # Lock files (the dependency graph programs are read with) may be larger.
    limit=200000; case "$f" in *package-lock.json|*poetry.lock|*uv.lock|Cargo.lock) limit=4000000 ;; esac
    [ "$size" -le "$limit" ] || continue
    mkdir -p "$out/$(dirname "$f")"
    git --git-dir="$git_dir" show "$head:$f" >"$out/$f"
  done
  echo "$head" >"$HERE/$name/COMMIT"
  echo "$name @ $head: $(find "$out" -type f | wc -l) files, $(du -sk "$out" | cut -f1) KiB"
done
