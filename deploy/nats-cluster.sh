#!/bin/sh
# Starts one node of the 3-node NATS cluster (deploy/nats-cluster.conf): the `nats` process group's
# command once NATS is grown (docs/deploy-fly.md). The route list is derived from FLY_APP_NAME, so
# the app name stays written once, in fly.toml's `app`; NATS_ROUTES set explicitly wins (tests,
# clusters outside Fly). Fly stops machines with SIGTERM (kill_signal is app-wide), on which
# nats-server would stop at once; this script turns it into SIGUSR2, lame-duck mode: the node's
# clients move to the other nodes before it stops (lame_duck_duration < kill_timeout).
set -eu
: "${NATS_TOKEN:?set the NATS_TOKEN secret (clients authenticate with it)}"
: "${NATS_ROUTE_PASSWORD:?set the NATS_ROUTE_PASSWORD secret (the nats machines authenticate their routes with it)}"
: "${FLY_MACHINE_ID:?FLY_MACHINE_ID names this node (Fly sets it; elsewhere set a unique name per node)}"
if [ -z "${NATS_ROUTES:-}" ]; then
  : "${FLY_APP_NAME:?FLY_APP_NAME or NATS_ROUTES is needed to find the other nats machines}"
  NATS_ROUTES="[nats-route://route:${NATS_ROUTE_PASSWORD}@nats.process.${FLY_APP_NAME}.internal:6222]"
fi
export NATS_ROUTES
nats-server -c "${NATS_CLUSTER_CONF:-/app/deploy/nats-cluster.conf}" &
pid=$!
signalled=0
trap 'signalled=1; kill -USR2 "$pid" 2>/dev/null || true' TERM
trap 'signalled=1; kill -INT "$pid" 2>/dev/null || true' INT
# wait returns early (status > 128) when a trapped signal arrives: then wait again, for nats-server's
# own exit status.
while :; do
  status=0
  wait "$pid" || status=$?
  if [ "$status" -gt 128 ] && [ "$signalled" = 1 ]; then
    signalled=0
    continue
  fi
  exit "$status"
done
