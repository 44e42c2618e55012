import { ClawError } from "@clawfleet/core";

/** Error codes of the runtime. */
export const RuntimeErrorCode = { Startup: "startup", Shutdown: "shutdown" } as const;
/** One of the runtime error codes. */
export type RuntimeErrorCode = (typeof RuntimeErrorCode)[keyof typeof RuntimeErrorCode];

/** A service cannot start as configured; the message says what to change. The process exits 1 with it. */
export class StartupError extends ClawError<RuntimeErrorCode> {
  override readonly name = "StartupError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(RuntimeErrorCode.Startup, message, { cause: options?.cause, retryable: false });
  }
}
