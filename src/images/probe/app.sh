#!/bin/sh
# A sample app: proves it can use the connection variables orkestr injected, then keeps running.
# It writes a row through DATABASE_URL and a key through REDIS_URL, named after $APP_MARK.
set -eu
mark="${APP_MARK:-hello}"
if [ -n "${DATABASE_URL:-}" ]; then
  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qc \
    "CREATE TABLE IF NOT EXISTS app_marks (mark text); INSERT INTO app_marks VALUES ('$mark')"
fi
if [ -n "${REDIS_URL:-}" ]; then
  reply=$(redis-cli -u "$REDIS_URL" --no-auth-warning SET app_mark "$mark")
  [ "$reply" = OK ] || { echo "redis said: $reply" >&2; exit 1; }
fi
echo "sample app wrote $mark"
exec sleep infinity
