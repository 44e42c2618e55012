import { CallStatus } from "../../domain/call-status.js";
import type { PlaceCallRequest, PlacedCall, Telephony } from "../../calls/telephony.js";

/**
 * Provider `mock`: no network. An outbound call is answered at once; the CLI or the Control UI
 * plays the other end through the `voice.mock.*` requests.
 */
export class MockTelephony implements Telephony {
  readonly name = "mock";

  async placeCall(request: PlaceCallRequest): Promise<PlacedCall> {
    return { providerCallId: `mock-${request.callId}`, status: CallStatus.InProgress };
  }

  async hangUp(): Promise<void> {}

  async supervise(): Promise<void> {}
}
