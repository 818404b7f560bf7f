#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: installs Debian's package if no server is
# there, starts a private cluster on a loopback port (trust auth, C locale) and prints
# the SQLAlchemy URL of its maintenance database, for COALITION_TEST_POSTGRESQL_URL:
#
#   export COALITION_TEST_POSTGRESQL_URL=$(scripts/postgresql.sh)
#
# Running it again while that server is up prints the same URL. Stop it with
#   pg_ctl -D "${COALITION_PG_DIR:-/tmp/coalition-postgresql}/data" stop
set -euo pipefail

dir=${COALITION_PG_DIR:-/tmp/coalition-postgresql}
port=${COALITION_PG_PORT:-54329}
url="postgresql+psycopg://postgres@127.0.0.1:${port}/postgres"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin=$(find_bin)
if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
    echo "installing PostgreSQL from Debian's packages…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    bin=$(find_bin)
fi

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "$url"
    exit 0
fi

# The server refuses to run as root: as root, run it as the package's postgres user.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --locale=C -E UTF8 >"$dir/initdb.log"
fi
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
echo "$url"
