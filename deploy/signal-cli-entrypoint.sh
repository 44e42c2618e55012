#!/bin/sh
# Runs signal-cli as the unprivileged `signal` user. Fly mounts volumes owned by root, so when
# started as root this first makes signal-cli's data directory on the volume writable, then drops
# privileges and execs the command (signals reach the JVM directly, so it closes its database).
set -eu
if [ "$(id -u)" = "0" ]; then
  mkdir -p /data/signal-cli && chown signal:signal /data /data/signal-cli && chmod 700 /data/signal-cli
  exec setpriv --reuid=signal --regid=signal --init-groups "$@"
fi
exec "$@"
