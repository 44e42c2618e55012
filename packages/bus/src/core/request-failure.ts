import { errorMessage } from "@clawfleet/core";
import { NoRespondersError, TimeoutError } from "@nats-io/transport-node";
import { BusError, BusErrorCode } from "../errors.js";

/** Turns a failed NATS request into a typed error: no responders, timeout, or unavailable. */
export function requestFailure(subject: string, timeoutMs: number, error: unknown): BusError {
  const cause = (error as { cause?: unknown }).cause;
  if (error instanceof NoRespondersError || cause instanceof NoRespondersError) {
    return new BusError(BusErrorCode.NoResponders, `no service answers ${subject}`, {
      cause: error,
    });
  }
  if (error instanceof TimeoutError || cause instanceof TimeoutError) {
    return new BusError(BusErrorCode.Timeout, `${subject} did not answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  return new BusError(
    BusErrorCode.Unavailable,
    `request ${subject} failed: ${errorMessage(error)}`,
    { cause: error },
  );
}
