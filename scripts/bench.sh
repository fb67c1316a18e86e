#!/usr/bin/env bash
# make bench: generate the national dataset into its own PostgreSQL database (once per seed and scale), then time
# every operation against its SQL floor. BENCH_SCALE=0.1 for a quick run; BENCH_RUNS for samples per operation;
# BENCH_DB to name the database; BENCH_SAVE=FILE keeps the results as JSON (for manage.py bench_growth); BENCH_ARGS for
# more options of manage.py bench (--only, --no-server, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${BENCH_SCALE:-1}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-30}
BASE_URL="$(bash scripts/ensure-postgres.sh)"
SERVER_URL="${BASE_URL%/*}"
DB="${BENCH_DB:-bekal_bench_s${SEED}_$(echo "$SCALE" | tr . _)}"
export DATABASE_URL="$SERVER_URL/$DB"
if ! psql "$SERVER_URL/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql "$SERVER_URL/postgres" -qc "CREATE DATABASE $DB"
fi
# The data sits on SSD: random reads cost about what sequential ones do (PostgreSQL's default 4 assumes disks), so
# scoped lists look their few thousand people up by index instead of scanning all 400,000. Set it in production too.
psql "$SERVER_URL/postgres" -qc "ALTER DATABASE $DB SET random_page_cost = 1.1"
.venv/bin/python manage.py migrate --noinput -v0
if [ "$(psql "$DATABASE_URL" -tAc 'SELECT count(*) FROM national_generateddataset')" = "0" ]; then
  .venv/bin/python manage.py generate_national --seed "$SEED" --scale "$SCALE"
  psql "$DATABASE_URL" -qc "VACUUM ANALYZE"
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(psql "$DATABASE_URL" -tAc 'SHOW server_version')"
.venv/bin/python manage.py bench --runs "$RUNS" ${BENCH_SAVE:+--save "$BENCH_SAVE"} ${BENCH_ARGS:-}
