#!/bin/sh
# Entry point of orkestr's local Redis image; follows the official image's contract.
set -eu

case "${1:-redis-server}" in -*) set -- redis-server "$@" ;; esac

if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find /data \! -user redis -exec chown redis:redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

exec "$@"
