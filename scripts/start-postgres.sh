#!/usr/bin/env bash
# Starts a PostgreSQL server on 127.0.0.1 for the history tests (installing Debian's package when
# it is missing) and prints the URL the tests read from DEADBOLT_TEST_POSTGRES_URL:
#
#   export DEADBOLT_TEST_POSTGRES_URL=$(bash scripts/start-postgres.sh)
#
# The server keeps running; the database deadbolt_test is made anew each time.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ "$(id -u)" -eq 0 ]; then AS_POSTGRES=(runuser -u postgres --); else AS_POSTGRES=(sudo -u postgres); fi
log() { echo "start-postgres: $*" >&2; }

if ! command -v pg_lsclusters >/dev/null || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  log "installing postgresql"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters -h | head -n 1)
if [ "$STATUS" != online ]; then
  log "starting cluster $VERSION/$CLUSTER on port $PORT"
  $SUDO pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
for _ in $(seq 50); do
  "${AS_POSTGRES[@]}" psql -p "$PORT" -qAtc 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.2
done
as_postgres() { "${AS_POSTGRES[@]}" psql -p "$PORT" -v ON_ERROR_STOP=1 -qAt "$@" >&2; }
if [ "$("${AS_POSTGRES[@]}" psql -p "$PORT" -qAtc "SELECT 1 FROM pg_roles WHERE rolname = 'deadbolt'")" != 1 ]; then
  as_postgres -c "CREATE ROLE deadbolt LOGIN PASSWORD 'deadbolt-test'"
fi
as_postgres -c "DROP DATABASE IF EXISTS deadbolt_test"
as_postgres -c "CREATE DATABASE deadbolt_test OWNER deadbolt"
echo "postgres://deadbolt:deadbolt-test@127.0.0.1:$PORT/deadbolt_test?sslmode=disable"
