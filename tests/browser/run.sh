#!/usr/bin/env bash
# Headless-browser walk-through and accessibility check of the codraft web app.
#
# Usage: tests/browser/run.sh PATH/TO/codraft
#
# Installs Debian's Chromium and the pinned npm packages when missing, then
# runs check.mjs against the given binary. Extra environment understood by
# check.mjs: CODRAFT_SCREENSHOTS (directory for PNGs), CODRAFT_CHECK_TIMEOUT
# (seconds, default 180), CODRAFT_KEEP_TMP=1, CODRAFT_CHROMIUM.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 PATH/TO/codraft" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$1"
shift

# Never let any tool fetch a browser build of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "need root to run: $*" >&2
    return 1
  fi
}

apt_updated=0
apt_install() {
  if [[ $apt_updated -eq 0 ]]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "installing Node.js and npm (Debian packages)"
  apt_install nodejs npm
fi

if [[ -z "${CODRAFT_CHROMIUM:-}" && ! -x /usr/bin/chromium ]]; then
  echo "installing Chromium (Debian package)"
  apt_install chromium
fi

# (Re)install the pinned packages when missing or when the lock file changed.
if [[ ! -d "$here/node_modules" || "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

exec node "$here/check.mjs" "$bin" "$@"
