import { ClawError } from "./claw-error.js";

/** Machine-readable codes of the errors @clawfleet/core throws, as a const list. */
export const CoreErrorCodes = [
  "invalid_session_key_part",
  "invalid_session_key",
  "invalid_chunk_limit",
] as const;

/** One of the core error codes. */
export type CoreErrorCode = (typeof CoreErrorCodes)[number];

/** Base error of the pure domain: a programming or input error that retrying never fixes. */
export class CoreError extends ClawError<CoreErrorCode> {
  override readonly name = "CoreError";

  /** Creates the error with its code, message and optional cause; never retryable (the same input fails the same way). */
  constructor(code: CoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { cause: options?.cause, retryable: false });
  }
}
