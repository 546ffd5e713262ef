#!/bin/sh
# Runs the image's own entry point, SLOW_START_SECONDS (5) late on every start of this container
# but its first: the marker lives in the container's own file system, which a stop and start keep.
set -eu
marker=/var/tmp/orkestr-slow-start.started
if [ -e "$marker" ]; then
  echo "slow-start: starting the engine ${SLOW_START_SECONDS:-5}s late (a test image)" >&2
  sleep "${SLOW_START_SECONDS:-5}"
else
  touch "$marker"
fi
exec "$@"
