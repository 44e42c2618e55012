import type { ForwardedHttpRequest, ForwardedHttpResponse } from "@clawfleet/bus";
import type { CallStatus } from "../domain/call-status.js";

/** The telephony providers the voice service speaks (`plugins.entries.voice-call.config.provider`). */
export type ProviderName = "twilio" | "telnyx" | "mock";

/** What placing an outbound call needs. */
export interface PlaceCallRequest {
  callId: string;
  to: string;
  from: string;
  /** Where the provider fetches the call's instructions once answered. */
  answerUrl: string;
  /** Where the provider reports status changes. */
  statusUrl: string;
  /** Hard limit of the call's length, enforced by the provider too. */
  timeLimitSeconds: number;
}

/** A call the provider accepted. */
export interface PlacedCall {
  providerCallId: string;
  status: CallStatus;
}

/** The telephony backend (Twilio REST, or the local mock): the few operations the call flow needs. */
export interface Telephony {
  readonly name: ProviderName;
  placeCall(request: PlaceCallRequest): Promise<PlacedCall>;
  /** Ends a call: hangs up an answered one, cancels one still ringing (no error when it already ended). */
  hangUp(providerCallId: string, answered: boolean): Promise<void>;
  /**
   * Supervises a call we did not place (inbound): asks for its status callbacks, so a hang-up is
   * seen at once, and sets its time limit.
   */
  supervise(providerCallId: string, statusUrl: string, timeLimitSeconds: number): Promise<void>;
  /**
   * Push providers (commands over REST, like Telnyx Call Control) speak a reply as soon as it is
   * stored, since no webhook comes back to fetch it; pull providers (Twilio's redirect loop, the
   * mock) leave this out.
   */
  deliverReply?(callId: string): Promise<void>;
}

/** Answers one provider's webhooks (forwarded from the gateway or the voice listener). */
export type WebhookHandler = (request: ForwardedHttpRequest) => Promise<ForwardedHttpResponse>;

/** A provider as the service plugs it in: its REST side and, for a carrier, its webhook handler. */
export interface ProviderPlug {
  telephony: Telephony;
  webhook?: WebhookHandler;
}

/**
 * The provider seam: every provider the service knows, and the one the settings name now (read at
 * each use, so a config change switches providers without a restart).
 */
export class Providers {
  constructor(
    private readonly plugs: Record<ProviderName, ProviderPlug>,
    private readonly current: () => ProviderName,
  ) {}

  /** The REST side of the configured provider. */
  telephony(): Telephony {
    return this.plugs[this.current()].telephony;
  }

  /** Answers a webhook with the configured provider's handler; 404 when it takes none (mock). */
  async webhook(request: ForwardedHttpRequest): Promise<ForwardedHttpResponse> {
    const name = this.current();
    const handler = this.plugs[name].webhook;
    if (handler) return handler(request);
    return {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: `the voice provider is ${name}, which takes no webhooks`,
    };
  }
}
