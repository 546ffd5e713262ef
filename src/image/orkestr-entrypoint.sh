#!/bin/sh
# orkestr's own image: with no arguments, or only options (--sync off, --resync 30s), it runs the
# control plane on the mounted manifest. The API listens on all addresses when TLS files are mounted
# in /etc/orkestr/tls (tls.crt, tls.key), else on loopback only: reach it with --network host, or
# mount TLS files. Any other arguments are an orkestr command (plan -f ..., status ...).
set -eu
java_opts="-XX:+UseSerialGC ${ORKESTR_JAVA_OPTS:-}"
jar=/opt/orkestr/orkestr.jar
manifest=${ORKESTR_MANIFEST:-/etc/orkestr/orkestr.yaml}
tls=/etc/orkestr/tls
# Size-limited disks are loop-mounted file systems on the engine's host: from inside a container
# orkestr cannot make them where the engine sees them, so storage is held by the read-only switch.
export ORKESTR_DISKS="${ORKESTR_DISKS:-off}"
# Sleeping add-ons' clients are diverted in the host's packet filter, which a container's own network
# namespace is not: add-ons stay awake (plans say so).
export ORKESTR_SLEEP="${ORKESTR_SLEEP:-off}"
case "${1:-}" in
  ""|--*)
    if [ -f "$tls/tls.crt" ] && [ -f "$tls/tls.key" ]; then
      set -- --listen 0.0.0.0:7700 --tls-cert "$tls/tls.crt" --tls-key "$tls/tls.key" "$@"
    else
      echo "orkestr image: no TLS files in $tls: the API listens on loopback only" >&2
      set -- --listen 127.0.0.1:7700 "$@"
    fi
    # Word splitting of the JVM options on purpose, like JAVA_OPTS elsewhere.
    # A bounded heap, as bin/orkestr gives the daemon (see there).
    # shellcheck disable=SC2086
    exec java -Xms16m -Xmx128m -XX:MaxMetaspaceSize=128m -Xss512k $java_opts -cp "$jar" io.orkestr.app.Main serve -f "$manifest" "$@"
    ;;
esac
# shellcheck disable=SC2086
exec java -XX:TieredStopAtLevel=1 $java_opts -cp "$jar" io.orkestr.app.Main "$@"
