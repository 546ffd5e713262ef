#!/bin/sh
# Entry point of orkestr's local PostgreSQL image; follows the official image's contract.
# The first start initialises PGDATA atomically: initdb runs in a sibling directory that is
# renamed into place only when complete, so an interrupted first start is simply redone.
set -eu

case "${1:-postgres}" in -*) set -- postgres "$@" ;; esac

if [ "${1:-}" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" "$(dirname "$PGDATA")"
  chown postgres:postgres "$(dirname "$PGDATA")" "$PGDATA"
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "error: database is uninitialized and POSTGRES_PASSWORD is not set" >&2
    exit 1
  fi
  user="${POSTGRES_USER:-postgres}"
  db="${POSTGRES_DB:-$user}"
  staging="$PGDATA.initdb"
  rm -rf "$staging"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$staging" --username="$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "listen_addresses = '*'" >> "$staging/postgresql.conf"
  echo "host all all all scram-sha-256" >> "$staging/pg_hba.conf"
  # A temporary server on the socket only, as the official image runs: the database, then the
  # scripts in /docker-entrypoint-initdb.d (executable *.sh run, others sourced; *.sql through psql).
  pg_ctl -D "$staging" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w -s start
  if [ "$db" != postgres ]; then
    psql -X -q -v ON_ERROR_STOP=1 -U "$user" -d postgres \
      -c "CREATE DATABASE \"$(printf %s "$db" | sed 's/"/""/g')\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh)
        echo "orkestr: running $f" >&2
        # A user's script, not known when this is linted: nothing for shellcheck to follow.
        # shellcheck source=/dev/null
        if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
      *.sql) echo "orkestr: running $f" >&2; psql -X -q -v ON_ERROR_STOP=1 -U "$user" -d "$db" -f "$f" ;;
      *) ;;
    esac
  done
  pg_ctl -D "$staging" -m fast -w -s stop
  # An empty PGDATA (the mount point) is replaced by the finished cluster in one rename.
  rmdir "$PGDATA" 2>/dev/null || true
  if [ -e "$PGDATA" ]; then
    mv "$staging"/* "$PGDATA"/   # PGDATA is itself a mount point: not atomic, still correct
    rmdir "$staging"
  else
    mv "$staging" "$PGDATA"
  fi
  echo "orkestr: initialised a new PostgreSQL $PG_MAJOR cluster in $PGDATA" >&2
fi

exec "$@"
