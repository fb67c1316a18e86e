#!/usr/bin/env bash
# Make a PostgreSQL server answer on 127.0.0.1:5432 and print the DATABASE_URL for the test run.
# Uses a running server when there is one; otherwise starts the installed cluster, or installs PostgreSQL first.
set -euo pipefail
log() { echo "ensure-postgres: $*" >&2; }
HOST=127.0.0.1
PORT=${BEKAL_PG_PORT:-5432}

answers() { PGCONNECT_TIMEOUT=3 psql "postgres://postgres${1:-}@$HOST:$PORT/postgres" -tAc 'select 1' >/dev/null 2>&1; }

if ! pg_isready -h "$HOST" -p "$PORT" -q 2>/dev/null && ! ls -d /etc/postgresql/*/main >/dev/null 2>&1; then
  log "installing postgresql"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

if ! pg_isready -h "$HOST" -p "$PORT" -q 2>/dev/null; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    log "starting cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || pg_ctlcluster "$version" main start >&2 || true
  done
  for _ in $(seq 1 30); do pg_isready -h "$HOST" -p "$PORT" -q && break; sleep 1; done
fi

if answers ""; then
  echo "postgres://postgres@$HOST:$PORT/bekal"
  exit 0
fi
# A fresh Debian cluster asks for a password over TCP: give the postgres role one for the tests.
log "setting a password for the postgres role"
su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >&2
if answers ":postgres"; then
  echo "postgres://postgres:postgres@$HOST:$PORT/bekal"
  exit 0
fi
log "PostgreSQL does not answer on $HOST:$PORT"
exit 1
