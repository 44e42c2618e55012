import { signalRpcError, signalTransportError, type SignalRpcFailure } from "./signal-errors.js";
import { httpCall, readText } from "./signal-http.js";

/** Options of one JSON-RPC call. */
export interface SignalCallOptions {
  signal?: AbortSignal;
  /** Default 30 s; `finishLink` waits for a scan and passes its own. */
  timeoutMs?: number;
  /** Adds `account` to the params (signal-cli in multi-account mode). Default true. */
  withAccount?: boolean;
  /** The largest response body read (`getAttachment` answers with the file in base64); unbounded by default. */
  maxResponseBytes?: number;
}

/**
 * A JSON-RPC 2.0 client for signal-cli's daemon (`POST /api/v1/rpc`, one request a POST). In
 * multi-account mode (the daemon started without `-a`) every per-account call carries
 * `params.account`; errors come back as {@link ChannelsError}s.
 */
export class SignalRpc {
  #nextId = 1;

  constructor(
    readonly baseUrl: string,
    readonly account: string,
    /** Whether the daemon serves several accounts (learned from `listAccounts`). */
    public multiAccount = true,
  ) {}

  /** Calls `method` with `params` and resolves with its `result`. */
  async call<T>(
    method: string,
    params: Record<string, unknown> = {},
    options: SignalCallOptions = {},
  ): Promise<T> {
    const id = this.#nextId++;
    const withAccount = (options.withAccount ?? true) && this.multiAccount;
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id,
      method,
      params: withAccount ? { ...params, account: this.account } : params,
    });
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let answer: { result?: T; error?: SignalRpcFailure };
    try {
      const response = await httpCall(
        new URL("/api/v1/rpc", this.baseUrl),
        { method: "POST", headers: { "content-type": "application/json" }, body },
        signal,
      );
      const text = await readText(response, options.maxResponseBytes);
      if ((response.statusCode ?? 0) >= 300) throw new Error(`HTTP ${response.statusCode}`);
      answer = JSON.parse(text) as typeof answer;
    } catch (error) {
      throw signalTransportError(error, this.baseUrl, method);
    }
    if (answer.error) throw signalRpcError(answer.error, method, this.account);
    return answer.result as T;
  }
}
