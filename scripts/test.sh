#!/usr/bin/env bash
# `npm test`: the whole suite on SQLite, then on PostgreSQL (LEDGER_TEST_PG=1: one throwaway server,
# a fresh database per test file) the folders listed in tests/pg-folders.txt, when PostgreSQL is
# installed. The list is the switch: empty (comments only) = no PostgreSQL run; folders are added as
# they pass on PostgreSQL; the single word `all` = the whole suite on both engines.
#   LEDGER_TEST_ENGINES="sqlite" | "postgres" | "sqlite postgres" (default): which runs to make.
#   Arguments (test files or folders) replace the whole suite on SQLite and the list on PostgreSQL.
# Exits non-zero when either run fails (both run even when the first fails). In CI (CI set) a
# listed PostgreSQL run without PostgreSQL installed is an error, elsewhere it is skipped with a note.
set -uo pipefail
cd "$(dirname "$0")/.."
engines=" ${LEDGER_TEST_ENGINES:-sqlite postgres} "
status=0

if [[ "$engines" == *" sqlite "* ]]; then
  echo "== tests on SQLite"
  npx vitest run "$@" || status=$?
fi

if [[ "$engines" == *" postgres "* ]]; then
  if [ "$#" -gt 0 ]; then
    folders=("$@")
  else
    mapfile -t folders < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^[[:space:]]*$/d' tests/pg-folders.txt)
  fi
  if [ "${#folders[@]}" -eq 0 ]; then
    echo "== tests on PostgreSQL: tests/pg-folders.txt lists no folder yet (skipped)"
  elif ! { [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; } && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    echo "== tests on PostgreSQL: PostgreSQL is not installed (scripts/ensure-postgresql.sh)" >&2
    if [ -n "${CI:-}" ]; then status=1; fi
  else
    [ "${folders[*]}" = "all" ] && folders=()
    echo "== tests on PostgreSQL: ${folders[*]:-the whole suite}"
    LEDGER_TEST_PG=1 npx vitest run "${folders[@]}" || status=$?
  fi
fi
exit "$status"
