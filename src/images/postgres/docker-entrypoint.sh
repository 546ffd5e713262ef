#!/bin/sh
# Entry point of orkestr's local PostgreSQL image; follows the official image's contract.
# The first start makes the cluster in a directory inside PGDATA (the same file system), from the
# template made when the image was built (initdb --no-sync when it does not fit), gives it this
# add-on's password, database and scripts, syncs it once and moves it into place with PG_VERSION
# last: PGDATA counts as initialised only once everything is there, so a first start killed at any
# moment is simply redone by the next.
set -eu

case "${1:-postgres}" in -*) set -- postgres "$@" ;; esac

if [ "${1:-}" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" "$(dirname "$PGDATA")"
  chown postgres:postgres "$(dirname "$PGDATA")" "$PGDATA"
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

# SQL string literal of $1 (standard_conforming_strings: only ' is special).
literal() { printf "'%s'" "$(printf %s "$1" | sed "s/'/''/g")"; }
identifier() { printf '"%s"' "$(printf %s "$1" | sed 's/"/""/g')"; }

if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "error: database is uninitialized and POSTGRES_PASSWORD is not set" >&2
    exit 1
  fi
  user="${POSTGRES_USER:-postgres}"
  db="${POSTGRES_DB:-$user}"
  stage="$PGDATA/.orkestr-init"
  template=/usr/share/orkestr/pgdata-template
  # Every interrupted first start leaves its staging directory until its very end. Files without
  # it, and without PG_VERSION, are not a first start of this image: they are never overwritten.
  if [ ! -d "$stage" ] && [ -n "$(find "$PGDATA" -mindepth 1 -maxdepth 1 ! -name lost+found -print -quit)" ]; then
    echo "error: $PGDATA holds files but no PG_VERSION: not a cluster, nor a first start of this image; refusing to initialise over them" >&2
    exit 1
  fi
  # What an interrupted first start left (never PG_VERSION) goes; a file system's lost+found stays.
  find "$PGDATA" -mindepth 1 -maxdepth 1 ! -name lost+found -exec rm -rf {} +
  if [ -s "$template/PG_VERSION" ] && [ "$(cat "$template.user" 2>/dev/null)" = "$user" ]; then
    cp -a "$template" "$stage"
    made="from the image's template"
  else
    initdb -D "$stage" --username="$user" --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust \
      --auth-host=scram-sha-256 --no-sync > /dev/null
    echo "listen_addresses = '*'" >> "$stage/postgresql.conf"
    echo "host all all all scram-sha-256" >> "$stage/pg_hba.conf"
    made="with initdb (the image's template is for another POSTGRES_USER)"
  fi
  # A temporary server on the socket only, as the official image runs: the password (read from
  # stdin, so that it is in no process's arguments; a failing statement is not logged), the
  # database, then the scripts in /docker-entrypoint-initdb.d (executable *.sh run, others
  # sourced; *.sql through psql).
  pg_ctl -D "$stage" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w -s start
  printf 'SET log_min_error_statement = panic;\nALTER ROLE %s PASSWORD %s;\n' "$(identifier "$user")" \
    "$(literal "$POSTGRES_PASSWORD")" | psql -X -q -v ON_ERROR_STOP=1 -U "$user" -d postgres > /dev/null
  if [ "$db" != postgres ]; then
    psql -X -q -v ON_ERROR_STOP=1 -U "$user" -d postgres -c "CREATE DATABASE $(identifier "$db")"
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
  pg_ctl -D "$stage" -m fast -w -s stop
  # One sync of the file system for the copied files (none was synced one by one), then into place.
  sync -f "$stage"
  for f in "$stage"/* "$stage"/.[!.]*; do
    [ -e "$f" ] && [ "$(basename "$f")" != PG_VERSION ] && mv "$f" "$PGDATA"/
  done
  mv "$stage/PG_VERSION" "$PGDATA/PG_VERSION"
  rmdir "$stage"
  sync -f "$PGDATA"
  echo "orkestr: initialised a new PostgreSQL $PG_MAJOR cluster in $PGDATA $made" >&2
fi

exec "$@"
