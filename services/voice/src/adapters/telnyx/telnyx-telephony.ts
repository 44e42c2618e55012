import { CallStatus } from "../../domain/call-status.js";
import type { PlaceCallRequest, PlacedCall, Telephony } from "../../calls/telephony.js";
import { CALL_ENDED_CODE, TelnyxApiError, type TelnyxApi } from "./telnyx-api.js";
import { encodeClientState } from "./telnyx-client-state.js";

/** Telnyx's bounds of `time_limit_secs`. */
const TIME_LIMIT = { min: 30, max: 14_400 } as const;

/**
 * Telnyx Call Control v2 as the call engine's telephony: `POST /calls` to dial (the call id rides
 * in `client_state`, so every webhook of the call names it), `hangup` to end. Replies are pushed
 * through the driver, since Telnyx fetches no instructions.
 */
export class TelnyxTelephony implements Telephony {
  readonly name = "telnyx";

  constructor(
    private readonly api: TelnyxApi,
    private readonly deliver: (callId: string) => Promise<void>,
  ) {}

  async placeCall(request: PlaceCallRequest): Promise<PlacedCall> {
    const dialed = await this.api.dial({
      to: request.to,
      from: request.from,
      webhook_url: request.answerUrl,
      webhook_url_method: "POST",
      client_state: encodeClientState({ c: request.callId }),
      command_id: `dial-${request.callId}`,
      time_limit_secs: Math.min(TIME_LIMIT.max, Math.max(TIME_LIMIT.min, request.timeLimitSeconds)),
    });
    return { providerCallId: dialed.call_control_id, status: CallStatus.Initiated };
  }

  async hangUp(providerCallId: string): Promise<void> {
    try {
      await this.api.command(providerCallId, "hangup", {});
    } catch (error) {
      if (error instanceof TelnyxApiError && error.telnyxCode === CALL_ENDED_CODE) return;
      throw error;
    }
  }

  /** Telnyx reports every call's hang-up to the connection's webhook; nothing to ask for. */
  async supervise(): Promise<void> {}

  deliverReply(callId: string): Promise<void> {
    return this.deliver(callId);
  }
}
