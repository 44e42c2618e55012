import WebSocket from "ws";

/** A frame received by the test client. */
export interface Frame {
  type: "res" | "event";
  id?: string;
  ok?: boolean;
  // Test frames are read ad hoc (payload.message.content[0].text …); a loose type keeps assertions short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  payload?: any;
  error?: {
    code: string;
    message: string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    details?: any;
    retryable?: boolean;
    retryAfterMs?: number;
  };
  event?: string;
  seq?: number;
}

/** A raw protocol client for tests: speaks the frames by hand, records everything it receives. */
export interface ProtocolClient {
  readonly ws: WebSocket;
  readonly frames: Frame[];
  /** The `connect` response (hello-ok or the refusal). */
  readonly hello: Frame;
  /** Sends a request and resolves with its response frame (within `timeoutMs`, default 20 s). */
  request(method: string, params?: unknown, timeoutMs?: number): Promise<Frame>;
  /** Sends raw text (malformed frames). */
  sendRaw(text: string): void;
  waitFor(predicate: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  events(name: string): Frame[];
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Options of {@link connectClient}. */
export interface ConnectOptions {
  token?: string;
  password?: string;
  scopes?: string[];
  headers?: Record<string, string>;
  clientId?: string;
  minProtocol?: number;
  maxProtocol?: number;
  /** Skip `connect`: only open the socket. */
  noConnect?: boolean;
}

/** Opens a socket, waits for the challenge and sends `connect` like the OpenClaw CLI does. */
export async function connectClient(
  url: string,
  options: ConnectOptions = {},
): Promise<ProtocolClient> {
  const ws = new WebSocket(url, { headers: options.headers });
  const frames: Frame[] = [];
  const waiters = new Set<{ predicate: (f: Frame) => boolean; resolve: (f: Frame) => void }>();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on("message", (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    for (const waiter of waiters) {
      if (!waiter.predicate(frame)) continue;
      waiters.delete(waiter);
      waiter.resolve(frame);
    }
  });
  ws.on("error", () => {});
  const waitFor = (predicate: (f: Frame) => boolean, timeoutMs = 10_000) =>
    new Promise<Frame>((resolve, reject) => {
      const found = frames.find(predicate);
      if (found) return resolve(found);
      const waiter = {
        predicate,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(
            `no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames).slice(-2000)}`,
          ),
        );
      }, timeoutMs);
      waiters.add(waiter);
    });
  let counter = 0;
  const request = (method: string, params?: unknown, timeoutMs = 20_000) => {
    const id = `${++counter}:${method}`;
    ws.send(
      JSON.stringify({ type: "req", id, method, ...(params === undefined ? {} : { params }) }),
    );
    return waitFor((f) => f.type === "res" && f.id === id, timeoutMs);
  };
  await waitFor((f) => f.event === "connect.challenge");
  let hello: Frame = { type: "res" };
  if (!options.noConnect) {
    const auth: Record<string, string> = {};
    if (options.token !== undefined) auth.token = options.token;
    if (options.password !== undefined) auth.password = options.password;
    hello = await request("connect", {
      minProtocol: options.minProtocol ?? 4,
      maxProtocol: options.maxProtocol ?? 4,
      client: {
        id: options.clientId ?? "cli",
        version: "2026.9.6",
        platform: "linux",
        deviceFamily: "Linux",
        mode: "cli",
        instanceId: "test-instance",
      },
      caps: [],
      auth,
      role: "operator",
      ...(options.scopes ? { scopes: options.scopes } : {}),
    });
  }
  return {
    ws,
    frames,
    hello,
    request,
    sendRaw: (text) => ws.send(text),
    waitFor,
    events: (name) => frames.filter((f) => f.type === "event" && f.event === name),
    closed,
    close: () => ws.close(),
  };
}
