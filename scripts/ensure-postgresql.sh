#!/usr/bin/env bash
# The PostgreSQL engine tests (tests/db/*.pg.test.ts) start a throwaway server from Debian's
# PostgreSQL binaries (scripts/pg-server.ts; ENVIRONMENT.md "PostgreSQL"). Installs them when
# missing and we are root; otherwise says how (those tests then skip, except in CI).
set -euo pipefail
if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then exit 0; fi
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's postgresql for the PostgreSQL engine tests …"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  exit 0
fi
echo "The PostgreSQL engine tests need PostgreSQL's server binaries: run 'sudo apt-get install -y postgresql' (or set PG_BIN)." >&2
exit 1
