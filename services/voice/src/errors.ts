import { BusError, BusErrorCode } from "@clawfleet/bus";

/** Why a voice operation failed. */
export const VoiceErrorCode = {
  /** The voice-call plugin is not enabled. */
  Disabled: "disabled",
  /** A setting the operation needs is missing (credentials, fromNumber, a public URL). */
  NotConfigured: "not_configured",
  BadRequest: "bad_request",
  NotFound: "not_found",
  /** `maxConcurrentCalls` calls are live already. */
  AtCapacity: "at_capacity",
  /** The telephony provider refused or failed. */
  Provider: "provider",
} as const;
/** One voice error code. */
export type VoiceErrorCode = (typeof VoiceErrorCode)[keyof typeof VoiceErrorCode];

const ON_THE_WIRE: Record<VoiceErrorCode, BusErrorCode> = {
  disabled: BusErrorCode.Unavailable,
  not_configured: BusErrorCode.Unavailable,
  bad_request: BusErrorCode.BadRequest,
  not_found: BusErrorCode.NotFound,
  at_capacity: BusErrorCode.Conflict,
  provider: BusErrorCode.Unavailable,
};

/** An error of the voice service; it crosses the bus as the matching {@link BusErrorCode}. */
export class VoiceError extends BusError {
  override name = "VoiceError";
  readonly reason: VoiceErrorCode;

  constructor(
    reason: VoiceErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(ON_THE_WIRE[reason], message, {
      retryable: options.retryable ?? false,
      cause: options.cause,
    });
    this.reason = reason;
  }
}
