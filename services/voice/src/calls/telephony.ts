import type { CallStatus } from "../domain/call-status.js";

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
  readonly name: "twilio" | "mock";
  placeCall(request: PlaceCallRequest): Promise<PlacedCall>;
  /** Ends a call: hangs up an answered one, cancels one still ringing (no error when it already ended). */
  hangUp(providerCallId: string, answered: boolean): Promise<void>;
  /**
   * Supervises a call we did not place (inbound): asks for its status callbacks, so a hang-up is
   * seen at once, and sets its time limit.
   */
  supervise(providerCallId: string, statusUrl: string, timeLimitSeconds: number): Promise<void>;
}
