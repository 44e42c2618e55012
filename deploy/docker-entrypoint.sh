#!/bin/sh
# Runs every process group's command as the unprivileged `node` user. Fly mounts volumes owned by
# root, so when started as root this first makes the state directory (and the NATS store) on the
# volume writable, then drops privileges and execs the command (so signals reach it directly).
set -eu
if [ "$(id -u)" = "0" ]; then
  for dir in "${OPENCLAW_STATE_DIR:-/data}" /data/nats; do
    case "$dir" in
      /data|/data/*) [ -d /data ] && mkdir -p "$dir" && chown node:node "$dir" ;;
    esac
  done
  exec setpriv --reuid=node --regid=node --init-groups "$@"
fi
exec "$@"
