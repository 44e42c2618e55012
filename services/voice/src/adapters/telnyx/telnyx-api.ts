import { errorMessage } from "@clawfleet/core";
import type { TelnyxSettings } from "../../domain/voice-settings.js";
import { VoiceError, VoiceErrorCode } from "../../errors.js";

/** Longest a Call Control REST request may take. */
const REQUEST_TIMEOUT_MS = 10_000;

/** The call Telnyx created for `POST /calls`. */
export interface TelnyxDialed {
  call_control_id: string;
  call_leg_id?: string;
  call_session_id?: string;
}

/** Telnyx's "Call has already ended" error code (a command to a call that hung up). */
export const CALL_ENDED_CODE = "90018";

/** A Call Control API error with Telnyx's own code, kept so callers can tell "already ended". */
export class TelnyxApiError extends VoiceError {
  constructor(
    readonly status: number,
    readonly telnyxCode: string | undefined,
    message: string,
  ) {
    super(VoiceErrorCode.Provider, message, { retryable: status >= 500 || status === 429 });
  }
}

/** Call Control v2 over HTTPS with the API key (Bearer); the base comes from the settings. */
export class TelnyxApi {
  constructor(private readonly settings: () => TelnyxSettings) {}

  /** `POST /calls`: dials a number through the connection. */
  async dial(body: Record<string, unknown>): Promise<TelnyxDialed> {
    const { connectionId } = this.settings();
    if (!connectionId)
      throw new VoiceError(
        VoiceErrorCode.NotConfigured,
        "set TELNYX_CONNECTION_ID (or plugins.entries.voice-call.config.telnyx.connectionId) to place Telnyx calls",
      );
    const answer = await this.#post("/calls", { connection_id: connectionId, ...body }, "dial");
    const data = (answer as { data?: TelnyxDialed }).data;
    if (!data?.call_control_id)
      throw new VoiceError(
        VoiceErrorCode.Provider,
        "Telnyx answered the dial without a call_control_id",
      );
    return data;
  }

  /** `POST /calls/{id}/actions/{action}`: one Call Control command. */
  async command(
    callControlId: string,
    action: string,
    body: Record<string, unknown> = {},
  ): Promise<void> {
    await this.#post(`/calls/${encodeURIComponent(callControlId)}/actions/${action}`, body, action);
  }

  async #post(path: string, body: Record<string, unknown>, what: string): Promise<unknown> {
    const { apiKey, apiBase } = this.settings();
    if (!apiKey)
      throw new VoiceError(
        VoiceErrorCode.NotConfigured,
        "Telnyx credentials are missing: set TELNYX_API_KEY (or plugins.entries.voice-call.config.telnyx.apiKey)",
      );
    let response: Response;
    try {
      response = await fetch(`${apiBase.replace(/\/+$/, "")}${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${apiKey}`,
          "content-type": "application/json",
          accept: "application/json",
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new VoiceError(
        VoiceErrorCode.Provider,
        `Telnyx could not be reached for ${what}: ${errorMessage(error)}`,
        { retryable: true, cause: error },
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed ?? {};
    const first = (parsed as { errors?: { code?: string; title?: string; detail?: string }[] })
      ?.errors?.[0];
    const detail = first
      ? `${first.title ?? "error"}${first.detail ? `: ${first.detail}` : ""}`
      : `HTTP ${response.status}`;
    throw new TelnyxApiError(
      response.status,
      first?.code,
      `Telnyx refused ${what}: ${detail}${first?.code ? ` (code ${first.code})` : ""}`,
    );
  }
}
