/** A frame from the gateway. */
interface Frame {
  type: "res" | "event";
  id?: string;
  ok?: boolean;
  payload?: unknown;
  error?: GatewayErrorShape;
  event?: string;
  seq?: number;
}

/** The error object of a failed response. */
export interface GatewayErrorShape {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  retryable?: boolean;
  retryAfterMs?: number;
}

/** A failed request, with the gateway's code and details. */
export class GatewayRequestError extends Error {
  override name = "GatewayRequestError";
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(error: GatewayErrorShape) {
    super(error.message);
    this.code = error.code;
    this.details = error.details ?? {};
  }
}

/** Where the connection is. */
export type ConnectionState =
  | { kind: "connecting" }
  | { kind: "connected"; hello: HelloOk }
  | { kind: "auth-required"; reason: "missing" | "wrong" | "rate-limited"; message: string }
  | { kind: "refused"; message: string }
  | { kind: "disconnected"; retryInMs: number; message: string };

/** The parts of `hello-ok` the UI reads. */
export interface HelloOk {
  server: { version: string; connId: string };
  features: { methods: string[]; events: string[] };
  snapshot: {
    sessionDefaults?: { defaultAgentId: string; mainKey: string; mainSessionKey: string };
    authMode?: string;
  };
  auth: { scopes: string[] };
  policy: {
    tickIntervalMs: number;
    /** Largest frame the gateway takes (a message's base64 images must fit). */
    maxPayload?: number;
    /** Decoded per-attachment ceilings (absent from gateways without attachments). */
    attachments?: { maxBytes: number; maxImageBytes: number };
  };
}

type EventListener = (payload: unknown, seq?: number) => void;

const CLIENT = {
  id: "openclaw-control-ui",
  version: "clawfleet-ui",
  platform: "web",
  mode: "webchat",
} as const;
const MAX_BACKOFF_MS = 15_000;

/**
 * The Control UI's WebSocket client: the OpenClaw v4 handshake with the stored token, requests
 * matched by id, events fanned out by name, reconnects with backoff, and a watchdog that drops a
 * socket silent for two tick intervals.
 */
export class GatewayClient {
  #ws: WebSocket | undefined;
  #state: ConnectionState = { kind: "connecting" };
  #pending = new Map<
    string,
    { resolve: (payload: unknown) => void; reject: (error: Error) => void }
  >();
  #listeners = new Map<string, Set<EventListener>>();
  #stateListeners = new Set<(state: ConnectionState) => void>();
  #counter = 0;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #watchdog: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    private readonly url: string,
    private token: string | undefined,
  ) {}

  /** The current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Starts connecting (again). */
  start(): void {
    this.#stopped = false;
    clearTimeout(this.#retryTimer);
    this.#open();
  }

  /** Connects again with another token. */
  useToken(token: string | undefined): void {
    this.token = token;
    this.#attempt = 0;
    this.#ws?.close();
    this.start();
  }

  /** Closes for good. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#watchdog);
    this.#ws?.close();
  }

  /** Subscribes to state changes; returns an unsubscribe function. */
  onState(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** Subscribes to one event; returns an unsubscribe function. */
  on<T = unknown>(event: string, listener: (payload: T, seq?: number) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    const untyped = listener as EventListener;
    set.add(untyped);
    this.#listeners.set(event, set);
    return () => set.delete(untyped);
  }

  /** Calls a method; rejects with a {@link GatewayRequestError} when the gateway refuses. */
  request<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || this.#state.kind !== "connected")
      return Promise.reject(
        new GatewayRequestError({ code: "UNAVAILABLE", message: "not connected to the gateway" }),
      );
    return this.#send(ws, method, params);
  }

  #send<T>(ws: WebSocket, method: string, params: Record<string, unknown>): Promise<T> {
    const id = `${++this.#counter}:${crypto.randomUUID()}`;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (payload: unknown) => void, reject });
      ws.send(JSON.stringify({ type: "req", id, method, params }));
    });
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }

  #open(): void {
    this.#setState({ kind: "connecting" });
    const ws = new WebSocket(this.url);
    this.#ws = ws;
    ws.onmessage = (message) => this.#onFrame(ws, JSON.parse(String(message.data)) as Frame);
    ws.onclose = (event) => this.#onClose(ws, event);
  }

  #onFrame(ws: WebSocket, frame: Frame): void {
    this.#armWatchdog(ws);
    if (frame.type === "event" && frame.event === "connect.challenge")
      return void this.#handshake(ws);
    if (frame.type === "res" && frame.id) {
      const pending = this.#pending.get(frame.id);
      if (!pending) return;
      this.#pending.delete(frame.id);
      if (frame.ok) pending.resolve(frame.payload);
      else
        pending.reject(
          new GatewayRequestError(
            frame.error ?? { code: "UNAVAILABLE", message: "request failed" },
          ),
        );
      return;
    }
    if (frame.type === "event" && frame.event)
      for (const listener of this.#listeners.get(frame.event) ?? [])
        listener(frame.payload, frame.seq);
  }

  async #handshake(ws: WebSocket): Promise<void> {
    try {
      const hello = await this.#send<HelloOk>(ws, "connect", {
        minProtocol: 4,
        maxProtocol: 4,
        client: { ...CLIENT, userAgent: navigator.userAgent },
        role: "operator",
        scopes: ["operator.admin", "operator.read", "operator.write", "operator.pairing"],
        caps: [],
        auth: this.token ? { token: this.token } : {},
        locale: navigator.language,
      });
      this.#attempt = 0;
      this.#setState({ kind: "connected", hello });
    } catch (error) {
      const failure = error as GatewayRequestError;
      const code = String(failure.details?.code ?? "");
      if (code === "AUTH_TOKEN_MISSING" || code === "AUTH_PASSWORD_MISSING")
        this.#setState({ kind: "auth-required", reason: "missing", message: failure.message });
      else if (code.startsWith("AUTH_RATE_LIMITED"))
        this.#setState({ kind: "auth-required", reason: "rate-limited", message: failure.message });
      else if (code.startsWith("AUTH_"))
        this.#setState({ kind: "auth-required", reason: "wrong", message: failure.message });
      else this.#setState({ kind: "refused", message: failure.message });
      this.#stopped = true;
    }
  }

  #armWatchdog(ws: WebSocket): void {
    clearTimeout(this.#watchdog);
    const tick =
      this.#state.kind === "connected" ? this.#state.hello.policy.tickIntervalMs : 15_000;
    this.#watchdog = setTimeout(() => ws.close(4000, "tick timeout"), tick * 2 + 5000);
  }

  #onClose(ws: WebSocket, event: CloseEvent): void {
    if (ws !== this.#ws) return;
    clearTimeout(this.#watchdog);
    for (const pending of this.#pending.values())
      pending.reject(
        new GatewayRequestError({ code: "UNAVAILABLE", message: "connection closed" }),
      );
    this.#pending.clear();
    if (this.#stopped) return;
    const retryInMs = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.#attempt++);
    const message =
      event.code === 1012 ? "The gateway is restarting" : "Lost the connection to the gateway";
    this.#setState({ kind: "disconnected", retryInMs, message });
    this.#retryTimer = setTimeout(() => this.#open(), retryInMs);
  }
}
