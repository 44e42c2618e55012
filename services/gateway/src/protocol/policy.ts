/** The protocol version this gateway speaks (OpenClaw gateway protocol v4). */
export const PROTOCOL_VERSION = 4;

/** Limits advertised in `hello-ok.policy` and enforced on every connection. */
export const ConnectionPolicy = {
  /** Largest frame accepted after the handshake (25 MiB, as OpenClaw). */
  maxPayload: 25 * 1024 * 1024,
  /** A socket whose unsent data exceeds this is closed as a slow consumer. */
  maxBufferedBytes: 50 * 1024 * 1024,
  tickIntervalMs: 15_000,
  /** Largest frame accepted before `connect` succeeds. */
  preAuthMaxPayload: 64 * 1024,
  /** Bytes a socket may send before `connect` succeeds, counted as they arrive (frames included). */
  preAuthMaxBytes: 128 * 1024,
  /** A socket that has not completed `connect` by then is closed. */
  preAuthTimeoutMs: 10_000,
  /** Unauthenticated sockets held at once by the whole gateway; more are answered 503. */
  maxPreAuthSockets: 256,
  /** Unauthenticated sockets held at once per client address; more are answered 503. */
  maxPreAuthSocketsPerAddress: 16,
  /** Requests per second one connection may sustain; more are answered UNAVAILABLE + retryAfterMs. */
  requestsPerSecond: 20,
  /** Requests one connection may send at once above the sustained rate. */
  requestBurst: 60,
  /** Requests one connection may have in flight; more are answered UNAVAILABLE + retryAfterMs. */
  maxInFlight: 16,
} as const;

/** The limits of one connection (tests shorten the timers). */
export type ConnectionLimits = { readonly [K in keyof typeof ConnectionPolicy]: number };

/** WebSocket close codes the gateway uses. */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  PolicyViolation: 1008,
  TooBig: 1009,
  ServiceRestart: 1012,
  TryAgainLater: 1013,
} as const;
