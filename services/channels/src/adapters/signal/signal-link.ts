import type { ChannelLoginReply } from "@clawfleet/bus";
import type { LoginRequest } from "../../domain/channel-adapter.js";
import { errorMessage } from "../../errors.js";
import type { SignalRpc } from "./signal-rpc.js";

/** How long signal-cli waits in `finishLink` for the phone (its provisioning socket gives up sooner). */
const FINISH_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_WAIT_MS = 30_000;
const DEVICE_NAME = "clawfleet";

interface PendingLink {
  uri: string;
  qrDataUrl: string;
  /** Settles with the linked number, or the reason the link failed. */
  finished: Promise<{ number?: string } | { failure: string }>;
  abort: AbortController;
}

/**
 * Links signal-cli to an existing Signal account as a secondary device, as `signal-cli link` does
 * but over the daemon's JSON-RPC: `startLink` gives a `sgnl://linkdevice?…` URI (shown as a QR),
 * and `finishLink` waits until the phone scans it (Signal → Settings → Linked devices → +).
 */
export class SignalLink {
  #pending: PendingLink | undefined;

  constructor(
    private readonly rpc: SignalRpc,
    private readonly qrDataUrl: (qr: string) => Promise<string>,
    private readonly isLinked: () => Promise<boolean>,
  ) {}

  /** One step of the login: `start` shows a QR (a new one when `force`), `wait` waits for the scan. */
  async step(request: LoginRequest, signal: AbortSignal): Promise<ChannelLoginReply> {
    if (request.step === "start") {
      if (!request.force && !this.#pending && (await this.isLinked()))
        return { connected: true, message: `${this.rpc.account} is already linked in signal-cli` };
      if (request.force || !this.#pending) await this.#begin(signal);
      return this.#showing("Scan the QR in Signal: Settings → Linked devices → + (waiting…)");
    }
    const pending = this.#pending;
    if (!pending) {
      return (await this.isLinked())
        ? { connected: true, message: `${this.rpc.account} is linked` }
        : { connected: false, message: "no login in progress: start one first" };
    }
    const timeout = new Promise<"timeout">((resolve) =>
      setTimeout(() => resolve("timeout"), request.timeoutMs ?? DEFAULT_WAIT_MS).unref(),
    );
    const outcome = await Promise.race([pending.finished, timeout]);
    if (outcome === "timeout") return this.#showing("still waiting for the scan");
    this.#pending = undefined;
    if ("failure" in outcome)
      return { connected: false, message: `link failed: ${outcome.failure}` };
    if (outcome.number && outcome.number !== this.rpc.account)
      return {
        connected: false,
        message: `linked ${outcome.number}, but channels.signal.account is ${this.rpc.account}: set it to ${outcome.number}`,
      };
    return { connected: true, message: `linked ${this.rpc.account}; connecting` };
  }

  /** Gives up a link in progress (the account's holder stops). */
  cancel(): void {
    this.#pending?.abort.abort();
    this.#pending = undefined;
  }

  async #begin(signal: AbortSignal): Promise<void> {
    this.cancel();
    const { deviceLinkUri } = await this.rpc.call<{ deviceLinkUri: string }>(
      "startLink",
      {},
      { withAccount: false, signal },
    );
    const abort = new AbortController();
    const finished = this.rpc
      .call<{ number?: string }>(
        "finishLink",
        { deviceLinkUri, deviceName: DEVICE_NAME },
        {
          withAccount: false,
          timeoutMs: FINISH_TIMEOUT_MS,
          signal: AbortSignal.any([signal, abort.signal]),
        },
      )
      .then(
        (result) => ({ number: result?.number }),
        (error: unknown) => ({ failure: errorMessage(error) }),
      );
    this.#pending = {
      uri: deviceLinkUri,
      qrDataUrl: await this.qrDataUrl(deviceLinkUri),
      finished,
      abort,
    };
  }

  #showing(message: string): ChannelLoginReply {
    const pending = this.#pending;
    if (!pending) return { connected: false, message };
    return { connected: false, qr: pending.uri, qrDataUrl: pending.qrDataUrl, message };
  }
}
