#!/usr/bin/env bash
# Installs what the end-to-end tests need to run the extension inside a real VS Code, headless:
#   - Debian packages: Chromium (driven by playwright-core), ripgrep (VS Code's search) and the headers
#     code-server's native modules compile against; installed only when missing.
#   - code-server (VS Code in a browser, on the same Node as this machine) into a cache folder keyed by its
#     version, so that CI builds it once: a completed install leaves a marker and later runs return at once.
# code-server's own install scripts fail offline (they download ripgrep), so the pieces are installed without
# scripts and the native modules rebuilt from source; see ../shared/notes/real-vscode.md.
#
# Usage: scripts/e2e/install-code-server.sh        prints the install folder on its last line of stdout
# Environment: CODELOUPE_E2E_CACHE  the cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/codeloupe-e2e)
set -euo pipefail

VERSION=4.100.3
CACHE_ROOT=${CODELOUPE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/codeloupe-e2e}
DIR=$CACHE_ROOT/code-server-$VERSION
MARKER=$DIR/.installed
DEBIAN_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)
# Native modules of VS Code's server that load at run time (the rest are optional or unused here).
VSCODE_NATIVE=(kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog @vscode/deviceid)

log() { echo "install-code-server: $*" >&2; }
fail() {
  log "error: $1"
  log "hint: $2"
  exit 1
}

install_debian_packages() {
  local missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "Debian packages missing: ${missing[*]}, and this user cannot install them." "Install them as root: apt-get install ${missing[*]}"
    sudo=(sudo)
  fi
  log "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

install_code_server() {
  local work=$DIR.partial-$$
  rm -rf "$work"
  mkdir -p "$work"
  # Removed on any failure, so that a broken install is never taken for a complete one.
  trap 'rm -rf "$work"' EXIT
  local vscode=$work/node_modules/code-server/lib/vscode
  export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
  echo '{ "private": true, "description": "code-server for codeloupe end-to-end tests" }' >"$work/package.json"

  log "1/4 code-server $VERSION from the npm registry"
  (cd "$work" && npm install --ignore-scripts --no-save "code-server@$VERSION" >&2)
  log "2/4 VS Code server's dependencies, native modules rebuilt"
  (cd "$vscode" && npm install --ignore-scripts --omit=dev >&2)
  # @vscode/ripgrep's install script downloads its binary; Debian's rg is the same program.
  mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"
  (cd "$vscode" && npm rebuild "${VSCODE_NATIVE[@]}" >&2)
  ln -s node_modules "$vscode/node_modules.asar"
  log "3/4 built-in extensions' dependencies"
  (cd "$vscode/extensions" && npm install --ignore-scripts --omit=dev >&2)
  log "4/4 code-server's own native module"
  (cd "$work" && npm rebuild argon2 >&2)

  echo "code-server $VERSION on node $(node --version), installed $(date -u +%FT%TZ)" >"$work/.installed"
  rm -rf "$DIR"
  mv "$work" "$DIR"
  trap - EXIT
}

node_major=$(node -p 'process.versions.node.split(".")[0]')
# code-server 4.100 is the last line built for Node 20; its native modules are rebuilt for this Node.
[ "$node_major" = 20 ] || log "warning: code-server $VERSION expects Node 20; this is Node $(node --version)"

install_debian_packages
if [ -f "$MARKER" ]; then
  log "code-server $VERSION already installed in $DIR"
else
  started=$(date +%s)
  install_code_server
  log "installed code-server $VERSION in $DIR in $(($(date +%s) - started)) s"
fi
echo "$DIR"
