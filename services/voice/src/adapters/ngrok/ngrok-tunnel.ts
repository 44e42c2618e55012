import { errorMessage } from "@clawfleet/core";
import type * as NgrokModule from "@ngrok/ngrok";

/** An open tunnel: its public URL, and how to close it. */
export interface Tunnel {
  url: string;
  close(): Promise<void>;
}

/** What an ngrok tunnel needs. */
export interface NgrokOptions {
  /** Local port of the voice listener. */
  port: number;
  host: string;
  authToken?: string;
  domain?: string;
}

/**
 * Opens an ngrok tunnel to the voice listener. `@ngrok/ngrok` is an optional dependency, loaded
 * only here; offline or with a bad token it rejects quickly with ngrok's reason.
 */
export async function openNgrokTunnel(options: NgrokOptions): Promise<Tunnel> {
  if (!options.authToken)
    throw new Error(
      "ngrok needs an auth token: set NGROK_AUTHTOKEN (fly secrets set NGROK_AUTHTOKEN=…) or tunnel.ngrokAuthToken",
    );
  let ngrok: typeof NgrokModule;
  try {
    ngrok = await import("@ngrok/ngrok");
  } catch (error) {
    throw new Error(
      `@ngrok/ngrok is not installed (an optional dependency): ${errorMessage(error)}`,
      { cause: error },
    );
  }
  const host = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
  const listener = await ngrok.forward({
    addr: `${host.includes(":") ? `[${host}]` : host}:${options.port}`,
    authtoken: options.authToken,
    ...(options.domain ? { domain: options.domain } : {}),
  });
  const url = listener.url();
  if (!url) {
    await listener.close().catch(() => {});
    throw new Error("ngrok opened a tunnel without a URL");
  }
  return { url, close: () => listener.close() };
}
