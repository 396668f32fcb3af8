#!/usr/bin/env bash
# Start a local PostgreSQL for the register tests and print the line that points them at it:
#
#     eval "$(bash .ci/postgres.sh)"      # sets SYLLABUS_AUDIT_TEST_PG_URL
#
# Installs Debian's postgresql if it is missing, creates the cluster if need be, starts it, and
# creates a throw-away role and database (audit / audit_test; the tests empty that database).
# Idempotent: safe to run twice. Everything but the export line goes to stderr. Run as root.
set -euo pipefail
log() { echo "postgres.sh: $*" >&2; }

ROLE=audit PASSWORD=audit DB=audit_test

if ! command -v pg_lsclusters >/dev/null 2>&1; then
    log "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    log "creating cluster $version/main"
    pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -qx online; then
    log "starting cluster $version/main"
    pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')

for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 1
done
pg_isready -h 127.0.0.1 -p "$port" >&2

psql_admin() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
    psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE $DB OWNER $ROLE" >&2
fi
log "PostgreSQL $version on port $port, database $DB"
echo "export SYLLABUS_AUDIT_TEST_PG_URL=postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$port/$DB"
