import { generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";

/** A Call Control event's payload (the fields Telnyx sends for call events). */
export interface TelnyxEventPayload {
  call_control_id: string;
  call_leg_id: string;
  call_session_id: string;
  connection_id?: string;
  /** Base64, as the last command set it; null when none was set. */
  client_state: string | null;
  from?: string;
  to?: string;
  direction?: "incoming" | "outgoing";
  state?: string;
  [field: string]: unknown;
}

/** Telnyx's webhook envelope for `eventType`, as JSON text. */
export function telnyxEventBody(
  eventType: string,
  payload: TelnyxEventPayload,
  deliveredTo = "",
): string {
  return JSON.stringify({
    data: {
      record_type: "event",
      event_type: eventType,
      id: randomUUID(),
      occurred_at: new Date().toISOString(),
      payload,
    },
    meta: { attempt: 1, delivered_to: deliveredTo },
  });
}

/**
 * Signs webhooks as Telnyx does: an Ed25519 key pair made here (node:crypto), the public key
 * exported as Telnyx shows it in the portal (base64 of the 32 raw bytes), the signature of
 * `${timestamp}|${body}` in `telnyx-signature-ed25519` and the Unix seconds in `telnyx-timestamp`.
 */
export class TelnyxWebhookSigner {
  readonly #privateKey: KeyObject;
  /** The base64 public key (what `TELNYX_PUBLIC_KEY` is set to). */
  readonly publicKey: string;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    this.#privateKey = privateKey;
    const jwk = publicKey.export({ format: "jwk" });
    this.publicKey = Buffer.from(jwk.x ?? "", "base64url").toString("base64");
  }

  /** The two signature headers for `body`, at `timestampSeconds` (now by default). */
  headers(body: string, timestampSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
    const signature = sign(null, Buffer.from(`${timestampSeconds}|${body}`), this.#privateKey);
    return {
      "telnyx-signature-ed25519": signature.toString("base64"),
      "telnyx-timestamp": String(timestampSeconds),
    };
  }
}

/** What a webhook POST answered. */
export interface TelnyxWebhookResult {
  status: number;
  body: string;
}

/** POSTs a webhook body with these headers (JSON content type added) and returns the answer. */
export async function postTelnyxWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<TelnyxWebhookResult> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "telnyx-webhooks", ...headers },
    body,
  });
  return { status: response.status, body: await response.text() };
}
