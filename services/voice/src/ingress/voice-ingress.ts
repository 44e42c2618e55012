import { errorMessage } from "@clawfleet/core";
import type {
  ForwardedHttpRequest,
  ForwardedHttpResponse,
  VoiceServiceStatus,
} from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import type { Tunnel } from "../adapters/ngrok/ngrok-tunnel.js";
import { webhookUrlFor, type VoiceSettings } from "../domain/voice-settings.js";
import {
  startVoiceListener,
  type UpgradeHandler,
  type VoiceListener,
} from "../http/voice-listener.js";

/** Opens a tunnel of `provider` to a local port (ngrok or Tailscale Funnel; tests may pass their own). */
export type TunnelOpener = (options: {
  provider: "ngrok" | "tailscale-funnel";
  port: number;
  host: string;
  authToken?: string;
  domain?: string;
  /** Tailscale Funnel's public HTTPS port and path. */
  funnelPort: number;
  funnelPath: string;
  /** The listener's webhook path. */
  path: string;
}) => Promise<Tunnel>;

/** What the ingress needs. */
export interface IngressDeps {
  settings: () => VoiceSettings;
  handle: (request: ForwardedHttpRequest) => Promise<ForwardedHttpResponse>;
  /** Takes WebSocket upgrades on the listener (Media Streams); refused when absent. */
  upgrade?: UpgradeHandler;
  openTunnel: TunnelOpener;
  log: Logger;
  now: () => number;
}

/** First retry of a failed tunnel, doubled each time up to {@link TUNNEL_RETRY_MAX_MS}. */
export const TUNNEL_RETRY_MS = 30_000;
/** Longest wait between tunnel attempts. */
export const TUNNEL_RETRY_MAX_MS = 300_000;

type TunnelState = VoiceServiceStatus["tunnel"];

/**
 * How Twilio reaches this instance: the voice listener (own HTTP port) and, with
 * `tunnel.provider: "ngrok"` or `"tailscale-funnel"`, a tunnel to it whose URL becomes the public URL. A tunnel that fails
 * is reported (log line + status) and retried with backoff while the service keeps running on
 * `publicUrl`; a listener that cannot bind is reported the same way.
 */
export class VoiceIngress {
  #listener: VoiceListener | undefined;
  #listenerError: string | undefined;
  #tunnel: Tunnel | undefined;
  #tunnelState: TunnelState = { provider: "none", state: "off" };
  #retry: NodeJS.Timeout | undefined;
  #failures = 0;
  #generation = 0;

  constructor(private readonly deps: IngressDeps) {}

  /** Starts the listener the settings ask for, and opens the tunnel in the background. */
  async start(): Promise<void> {
    const generation = ++this.#generation;
    const settings = this.deps.settings();
    this.#tunnelState = { provider: settings.tunnel.provider, state: "off" };
    if (!settings.enabled) return;
    const { port, bind, path } = settings.serve;
    try {
      this.#listener = await startVoiceListener({
        port,
        bind,
        path,
        handle: this.deps.handle,
        upgrade: this.deps.upgrade,
        log: this.deps.log,
      });
      this.#listenerError = undefined;
      this.deps.log.info(`voice listener on ${this.#listener.url}`);
    } catch (error) {
      this.#listenerError = `cannot listen on ${bind}:${port}: ${errorMessage(error)}`;
      this.deps.log.error(
        `voice listener ${this.#listenerError}; webhooks still reach this service through the gateway's /voice/* route`,
      );
    }
    // Not awaited: a slow or failing tunnel must not hold up the service's start.
    if (settings.tunnel.provider !== "none") void this.#openTunnel(generation);
  }

  /** Closes the tunnel and the listener. */
  async stop(): Promise<void> {
    this.#generation++;
    clearTimeout(this.#retry);
    const tunnel = this.#tunnel;
    const listener = this.#listener;
    this.#tunnel = undefined;
    this.#listener = undefined;
    this.#failures = 0;
    await tunnel
      ?.close()
      .catch((error: unknown) => this.deps.log.warn("closing the tunnel failed", { error }));
    await listener?.close();
  }

  /** Applies changed `enabled`/`serve`/`tunnel` settings by restarting the ingress. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** The public base Twilio is given: the tunnel URL while it is up, else `publicUrl`. */
  publicBase(): { url?: string; source: VoiceServiceStatus["publicUrlSource"] } {
    if (this.#tunnel) return { url: this.#tunnel.url, source: "tunnel" };
    const configured = this.deps.settings().publicUrl;
    return configured ? { url: configured, source: "config" } : { source: "none" };
  }

  /** Every public base a signed webhook may name (tunnel and `publicUrl`). */
  publicBases(): string[] {
    return [this.#tunnel?.url, this.deps.settings().publicUrl].filter((url): url is string =>
      Boolean(url),
    );
  }

  /** The webhook URL Twilio is given for new calls, if there is a public base. */
  webhookUrl(): string | undefined {
    const base = this.publicBase().url;
    return base ? webhookUrlFor(base, this.deps.settings().serve.path) : undefined;
  }

  /** Listener and tunnel state for `voice.status` and discovery stats. */
  status(): Pick<VoiceServiceStatus, "webhookUrl" | "publicUrlSource" | "listener" | "tunnel"> {
    return {
      webhookUrl: this.webhookUrl(),
      publicUrlSource: this.publicBase().source,
      listener: { url: this.#listener?.url, error: this.#listenerError },
      tunnel: { ...this.#tunnelState },
    };
  }

  async #openTunnel(generation: number): Promise<void> {
    const settings = this.deps.settings();
    if (!this.#listener) {
      this.#tunnelFailed(
        generation,
        "the voice listener is not running, so there is nothing to tunnel to",
      );
      return;
    }
    const provider = settings.tunnel.provider;
    if (provider === "none") return;
    this.#tunnelState = { provider, state: "starting" };
    try {
      const tunnel = await this.deps.openTunnel({
        provider,
        port: this.#listener.port,
        host: settings.serve.bind,
        authToken: settings.tunnel.authToken,
        domain: settings.tunnel.domain,
        funnelPort: settings.tunnel.funnelPort,
        funnelPath: settings.tunnel.funnelPath,
        path: settings.serve.path,
      });
      if (generation !== this.#generation) {
        await tunnel.close().catch(() => {});
        return;
      }
      this.#tunnel = tunnel;
      this.#failures = 0;
      this.#tunnelState = { provider, state: "up", url: tunnel.url };
      this.deps.log.info(
        `${provider} tunnel up: ${tunnel.url} → ${this.#listener.url}; Twilio's webhook URL is ${this.webhookUrl()}`,
      );
    } catch (error) {
      this.#tunnelFailed(generation, errorMessage(error) || String(error));
    }
  }

  #tunnelFailed(generation: number, reason: string): void {
    if (generation !== this.#generation) return;
    const delay = Math.min(TUNNEL_RETRY_MAX_MS, TUNNEL_RETRY_MS * 2 ** this.#failures++);
    const retryAt = this.deps.now() + delay;
    const provider = this.deps.settings().tunnel.provider;
    this.#tunnelState = { provider, state: "failed", error: reason, retryAt };
    const fallback = this.deps.settings().publicUrl;
    this.deps.log.error(
      `${provider} tunnel failed: ${reason}; ${fallback ? `using publicUrl ${fallback} meanwhile` : "no publicUrl to fall back to, so Twilio cannot reach this instance"}; retrying in ${Math.round(delay / 1000)} s`,
    );
    this.#retry = setTimeout(() => void this.#openTunnel(generation), delay);
    this.#retry.unref();
  }
}
