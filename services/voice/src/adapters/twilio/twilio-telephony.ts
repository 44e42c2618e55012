import { errorMessage } from "@clawfleet/core";
import type { Twilio } from "twilio";
import { fromTwilioStatus, CallStatus } from "../../domain/call-status.js";
import type { PlaceCallRequest, PlacedCall, Telephony } from "../../calls/telephony.js";
import { VoiceError, VoiceErrorCode } from "../../errors.js";

/** Credentials and REST base of the Twilio account. */
export interface TwilioCredentials {
  accountSid?: string;
  authToken?: string;
  /** `TWILIO_API_BASE`: another REST base (test fakes). */
  apiBase?: string;
}

/** Twilio REST through the official SDK, loaded on first use (it adds ~25 MB to the process). */
export class TwilioTelephony implements Telephony {
  readonly name = "twilio";
  #client: { key: string; client: Promise<Twilio> } | undefined;

  constructor(private readonly credentials: () => TwilioCredentials) {}

  async placeCall(request: PlaceCallRequest): Promise<PlacedCall> {
    const client = await this.#sdk();
    const call = await client.calls
      .create({
        to: request.to,
        from: request.from,
        url: request.answerUrl,
        method: "POST",
        statusCallback: request.statusUrl,
        statusCallbackMethod: "POST",
        statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
        timeLimit: request.timeLimitSeconds,
      })
      .catch((error: unknown) => rethrow("place the call", error));
    return {
      providerCallId: call.sid,
      status: fromTwilioStatus(call.status) ?? CallStatus.Initiated,
    };
  }

  async hangUp(providerCallId: string, answered: boolean): Promise<void> {
    const client = await this.#sdk();
    await client
      .calls(providerCallId)
      .update({ status: answered ? "completed" : "canceled" })
      .catch((error: unknown) => {
        // 21220: the call is not in progress any more, which is what we wanted.
        if ((error as { code?: number }).code === 21220) return;
        rethrow("hang up", error);
      });
  }

  async supervise(
    providerCallId: string,
    statusUrl: string,
    timeLimitSeconds: number,
  ): Promise<void> {
    const client = await this.#sdk();
    await client
      .calls(providerCallId)
      .update({
        statusCallback: statusUrl,
        statusCallbackMethod: "POST",
        timeLimit: timeLimitSeconds,
      })
      .catch((error: unknown) => rethrow("subscribe to status callbacks", error));
  }

  /** Points a live call at new instructions (a stream that fails falls back to the Gather loop this way). */
  async redirect(providerCallId: string, url: string): Promise<void> {
    const client = await this.#sdk();
    await client
      .calls(providerCallId)
      .update({ url, method: "POST" })
      .catch((error: unknown) => rethrow("redirect the call", error));
  }

  #sdk(): Promise<Twilio> {
    const { accountSid, authToken, apiBase } = this.credentials();
    if (!accountSid || !authToken) {
      throw new VoiceError(
        VoiceErrorCode.NotConfigured,
        "Twilio credentials are missing: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or plugins.entries.voice-call.config.twilio)",
      );
    }
    const key = `${accountSid}\n${authToken}\n${apiBase ?? ""}`;
    if (this.#client?.key !== key) {
      const client = (async () => {
        const { default: twilio } = await import("twilio");
        if (!apiBase) return twilio(accountSid, authToken);
        const { createTwilioHttpClient } = await import("./twilio-http-client.js");
        return twilio(accountSid, authToken, { httpClient: createTwilioHttpClient(apiBase) });
      })();
      this.#client = { key, client };
    }
    return this.#client.client;
  }
}

function rethrow(what: string, error: unknown): never {
  const status = (error as { status?: number }).status;
  const code = (error as { code?: number }).code;
  const detail = errorMessage(error) ?? String(error);
  const retryable = status === undefined || status >= 500 || status === 429;
  throw new VoiceError(
    VoiceErrorCode.Provider,
    `Twilio could not ${what}: ${detail}${code ? ` (code ${code})` : ""}`,
    { retryable, cause: error },
  );
}
