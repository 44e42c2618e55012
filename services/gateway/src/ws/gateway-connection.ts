import { errorMessage } from "@clawfleet/core";
import { randomUUID } from "node:crypto";
import type { Logger } from "@clawfleet/log";
import type { WebSocket } from "ws";
import { ErrorCode, GatewayError, invalidRequest, toWireError, type WireError } from "../errors.js";
import type { MethodDef } from "../handlers/method.js";
import { connectParamsSchema, type ConnectParams } from "../protocol/connect-params.js";
import {
  errorFrame,
  okFrame,
  requestFrameSchema,
  type OutboundFrame,
  type RequestFrame,
} from "../protocol/frames.js";
import {
  CloseCode,
  ConnectionPolicy,
  PROTOCOL_VERSION,
  type ConnectionLimits,
} from "../protocol/policy.js";
import { grantScopes, hasScope, type Scope } from "../protocol/scopes.js";
import { authenticate, isMissingCredential, type AuthSettings } from "./auth/authenticator.js";
import type { FailureLimiter } from "./auth/failure-limiter.js";
import type { ClientConnection, ConnectionRegistry, PresenceEntry } from "./connection-registry.js";
import { originRefusal } from "./origin-check.js";
import { RequestLimiter, type RequestRefusal } from "./request-limiter.js";
import { UnknownMethodLog, type UnknownMethodCounter } from "./unknown-methods.js";
import type { IncomingHeaders } from "../domain/public-url.js";

/** What every connection shares. */
export interface ConnectionDeps {
  methods: ReadonlyMap<string, MethodDef>;
  registry: ConnectionRegistry;
  limiter: FailureLimiter;
  auth: () => AuthSettings;
  allowedOrigins: () => readonly string[];
  /** The `hello-ok` payload without the per-connection parts. */
  hello: () => Record<string, unknown>;
  logger: Logger;
  /** Counts calls of methods the gateway does not serve (for /metrics). */
  unknownMethods?: Pick<UnknownMethodCounter, "count">;
  policy?: ConnectionLimits;
}

/** Where the socket came from. */
export interface ConnectionOrigin {
  headers: IncomingHeaders;
  address: string;
}

/** Subscriptions one connection may hold at once (later ones are ignored). */
const MAX_TOPICS = 256;

/**
 * One client socket: sends the challenge, requires `connect` first (64 KiB frames, 10 s), checks
 * origin, rate limit and credentials, answers `hello-ok`, then serves requests concurrently with
 * per-connection event sequence numbers and a `tick` every 15 s.
 */
export class GatewayConnection implements ClientConnection {
  readonly connId = randomUUID();
  scopes: ReadonlySet<Scope> = new Set();
  presence: PresenceEntry;
  readonly #abort = new AbortController();
  readonly #policy: ConnectionLimits;
  #authenticated = false;
  #seq = 0;
  readonly #requests: RequestLimiter;
  readonly #unknownLog = new UnknownMethodLog();
  readonly #topics = new Set<string>();
  #preAuthTimer: NodeJS.Timeout;
  #tickTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly origin: ConnectionOrigin,
    private readonly deps: ConnectionDeps,
    private readonly onAuthenticated: () => void = () => {},
  ) {
    this.#policy = deps.policy ?? ConnectionPolicy;
    this.#requests = new RequestLimiter(this.#policy);
    this.presence = {
      connId: this.connId,
      clientId: "unknown",
      address: origin.address,
      connectedAt: Date.now(),
    };
    ws.on("message", (data, isBinary) => this.#onMessage(data as Buffer, isBinary));
    ws.on("close", () => this.#onClose());
    ws.on("error", () => {});
    this.#preAuthTimer = setTimeout(
      () => this.close(CloseCode.PolicyViolation, "connect timeout"),
      this.#policy.preAuthTimeoutMs,
    );
    this.#send({
      type: "event",
      event: "connect.challenge",
      payload: { nonce: randomUUID(), ts: Date.now() },
    });
  }

  /** Topics this connection subscribed to. */
  get topics(): ReadonlySet<string> {
    return this.#topics;
  }

  /** Sends an event with the next sequence number. */
  sendEvent(event: string, payload: unknown): void {
    if (!this.#authenticated) return;
    this.#send({ type: "event", event, payload, seq: ++this.#seq });
  }

  /** Closes the socket. */
  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING)
      this.ws.close(code, reason.slice(0, 120));
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    if (!this.#authenticated && data.length > this.#policy.preAuthMaxPayload)
      return this.close(CloseCode.TooBig, "frame too large before connect");
    let frame: RequestFrame;
    try {
      if (isBinary) throw new Error("binary frames are not supported");
      const parsed = requestFrameSchema.safeParse(JSON.parse(data.toString("utf8")));
      if (!parsed.success)
        throw new Error(
          parsed.error.issues
            .map((i) => `${i.path.join(".") || "(frame)"}: ${i.message}`)
            .join("; "),
        );
      frame = parsed.data;
    } catch (error) {
      const wire = invalidRequest(`invalid frame: ${errorMessage(error)}`).toWire();
      this.#send(errorFrame(frameId(data), wire));
      if (!this.#authenticated) this.close(CloseCode.PolicyViolation, "invalid frame");
      return;
    }
    if (!this.#authenticated) return this.#handshake(frame);
    if (frame.method === "connect")
      return this.#send(errorFrame(frame.id, invalidRequest("already connected").toWire()));
    const admitted = this.#requests.admit();
    if (!("done" in admitted)) return this.#send(errorFrame(frame.id, refusal(admitted)));
    void this.#dispatch(frame).finally(admitted.done);
  }

  #handshake(frame: RequestFrame): void {
    const refuse = (error: GatewayError) => {
      this.#send(errorFrame(frame.id, error.toWire()));
      this.close(CloseCode.PolicyViolation, error.message);
    };
    if (frame.method !== "connect")
      return refuse(invalidRequest(`the first request must be connect, got ${frame.method}`));
    const parsed = connectParamsSchema.safeParse(frame.params ?? {});
    if (!parsed.success)
      return refuse(
        invalidRequest(
          `invalid connect params: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        ),
      );
    const params = parsed.data;
    if (params.minProtocol > PROTOCOL_VERSION || params.maxProtocol < PROTOCOL_VERSION) {
      return refuse(
        invalidRequest(
          `protocol mismatch: client supports ${params.minProtocol}-${params.maxProtocol}, gateway speaks ${PROTOCOL_VERSION}-${PROTOCOL_VERSION}`,
          {
            code: "PROTOCOL_MISMATCH",
            minProtocol: PROTOCOL_VERSION,
            maxProtocol: PROTOCOL_VERSION,
          },
        ),
      );
    }
    if (params.role !== undefined && params.role !== "operator")
      return refuse(
        invalidRequest(`role ${params.role} is not supported by this gateway (operator only)`),
      );
    const origin = originRefusal(this.origin.headers, this.deps.allowedOrigins());
    if (origin)
      return refuse(
        new GatewayError(ErrorCode.Forbidden, origin, { details: { code: "ORIGIN_NOT_ALLOWED" } }),
      );
    const now = Date.now();
    const blockedMs = this.deps.limiter.blockedFor(this.origin.address, now);
    if (blockedMs > 0) {
      return refuse(
        invalidRequest(
          `unauthorized: too many failed attempts from ${this.origin.address}; retry in ${Math.ceil(blockedMs / 1000)} s`,
          { code: "AUTH_RATE_LIMITED", retryAfterMs: blockedMs },
        ),
      );
    }
    const result = authenticate(this.deps.auth(), params.auth);
    if (!result.ok) {
      const line = `refused a ${params.client.id ?? "client"} connection from ${this.origin.address}: ${result.code}`;
      if (isMissingCredential(result.code)) {
        this.deps.logger.debug(line);
      } else {
        this.deps.limiter.fail(this.origin.address, now);
        this.deps.logger.warn(line);
      }
      return refuse(
        invalidRequest(result.message, {
          code: result.code,
          recommendedNextStep: "update_auth_credentials",
        }),
      );
    }
    this.#accept(frame, params);
  }

  #accept(frame: RequestFrame, params: ConnectParams): void {
    clearTimeout(this.#preAuthTimer);
    this.#authenticated = true;
    this.onAuthenticated();
    this.scopes = grantScopes(params.scopes);
    this.presence = {
      ...this.presence,
      clientId: params.client.id ?? "unknown",
      mode: params.client.mode,
      platform: params.client.platform,
      version: params.client.version,
      instanceId: params.client.instanceId,
    };
    const hello = this.deps.hello();
    this.#send(
      okFrame(frame.id, {
        ...hello,
        type: "hello-ok",
        protocol: PROTOCOL_VERSION,
        server: { ...(hello.server as object), connId: this.connId },
        auth: { role: "operator", scopes: [...this.scopes] },
        policy: {
          ...(hello.policy as object | undefined),
          maxPayload: this.#policy.maxPayload,
          maxBufferedBytes: this.#policy.maxBufferedBytes,
          tickIntervalMs: this.#policy.tickIntervalMs,
        },
      }),
    );
    this.deps.registry.add(this);
    this.#tickTimer = setInterval(
      () => this.sendEvent("tick", { ts: Date.now() }),
      this.#policy.tickIntervalMs,
    );
    this.deps.logger.debug(`${this.presence.clientId} connected from ${this.origin.address}`, {
      connId: this.connId,
    });
  }

  async #dispatch(frame: RequestFrame): Promise<void> {
    const method = this.deps.methods.get(frame.method);
    try {
      if (!method) {
        this.#noteUnknown(frame.method);
        throw invalidRequest(`unknown method: ${frame.method}`);
      }
      if (!hasScope(this.scopes, method.scope))
        throw new GatewayError(
          ErrorCode.Forbidden,
          `missing scope: ${method.scope} (needed by ${frame.method})`,
        );
      const payload = await method.handle(frame.params, {
        connId: this.connId,
        clientId: this.presence.clientId,
        scopes: this.scopes,
        signal: this.#abort.signal,
        respondAgain: (again) => this.#send(okFrame(frame.id, again)),
        subscribe: (topic) => {
          if (this.#topics.size < MAX_TOPICS) this.#topics.add(topic);
        },
        unsubscribe: (topic) => this.#topics.delete(topic),
      });
      this.#send(okFrame(frame.id, payload ?? {}));
    } catch (error) {
      if (!(error instanceof GatewayError))
        this.deps.logger.error(`${frame.method} failed`, { error, connId: this.connId });
      this.#send(errorFrame(frame.id, toWireError(error)));
    }
  }

  #noteUnknown(method: string): void {
    this.deps.unknownMethods?.count(method);
    if (this.#unknownLog.firstTime(method))
      this.deps.logger.info(
        `${this.presence.clientId} called unknown method ${JSON.stringify(method.slice(0, 80))}`,
        { connId: this.connId, clientVersion: this.presence.version },
      );
  }

  #send(frame: OutboundFrame): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.#policy.maxBufferedBytes)
      return this.close(CloseCode.PolicyViolation, "slow consumer");
    this.ws.send(JSON.stringify(frame));
  }

  #onClose(): void {
    clearTimeout(this.#preAuthTimer);
    clearInterval(this.#tickTimer);
    this.#abort.abort();
    this.deps.registry.remove(this);
  }
}

function refusal(refused: RequestRefusal): WireError {
  const message =
    refused.reason === "rate"
      ? "too many requests on this connection; slow down"
      : "too many requests in flight on this connection; wait for answers";
  return new GatewayError(ErrorCode.Unavailable, message, {
    details: { code: "RATE_LIMITED", reason: refused.reason },
    retryAfterMs: refused.retryAfterMs,
  }).toWire();
}

// Best effort: answer a malformed request with its id when one can be read.
function frameId(data: Buffer): string {
  try {
    const id = (JSON.parse(data.toString("utf8")) as { id?: unknown }).id;
    return typeof id === "string" ? id : "";
  } catch {
    return "";
  }
}
