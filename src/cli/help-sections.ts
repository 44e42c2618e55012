/** Environment lines several commands share in their `--help`. */
export const BUS_ENV = [
  "  NATS_URL             the bus (default: the nats-server `clawfleet all` started, else 127.0.0.1:4222)",
  "  NATS_TOKEN           token of that bus (or NATS_USER / NATS_PASSWORD)",
];

/** Environment lines of every command that runs services. */
export const SERVICE_ENV = [
  "  OPENCLAW_STATE_DIR   state dir holding openclaw.json (default ~/.openclaw; /data on Fly)",
  "  OPENCLAW_CONFIG_PATH config file, overrides $OPENCLAW_STATE_DIR/openclaw.json",
  ...BUS_ENV,
  "  HEALTH_PORT          port of /healthz, /readyz, /metrics (0: any free port)",
  "  LOG_LEVEL            debug|info|warn|error (default info)",
  "  LOG_FORMAT           pretty|json (default: pretty on a terminal, json otherwise)",
  "  NO_COLOR             set: pretty lines without colour (FORCE_COLOR=1 forces colour)",
];

/** The options of `gateway` and `all`, as in OpenClaw's CLI. */
export const GATEWAY_OPTION_LINES = [
  "  --port N              WebSocket + Control UI port (default gateway.port, 18789)",
  "  --bind MODE           loopback|lan|auto|custom (default gateway.bind; loopback off Fly)",
  "  --token T             gateway token (prefer OPENCLAW_GATEWAY_TOKEN: argv is visible to ps)",
  "  --password P          gateway password instead of a token",
  "  --allow-unconfigured  start without openclaw.json (writes a minimal one)",
  "  --verbose             debug logs",
];

/** Environment of the gateway (and `all`). */
export const GATEWAY_ENV = [
  "  OPENCLAW_GATEWAY_TOKEN    token clients and the Control UI sign in with",
  "  OPENCLAW_GATEWAY_PORT     port when neither --port nor gateway.port is set",
];
