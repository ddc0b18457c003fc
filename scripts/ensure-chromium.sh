#!/usr/bin/env bash
# The browser tests drive Debian's Chromium with playwright-core (ENVIRONMENT.md: Playwright's own
# browser download is not reachable). Installs it when missing and we are root; otherwise says how.
set -euo pipefail
bin=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$bin" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests …"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $bin: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH)." >&2
exit 1
