import { errorMessage } from "@clawfleet/core";
import {
  BusError,
  BusErrorCode,
  PayloadError,
  type Bus,
  type RequestDef,
  type SubjectParams,
} from "@clawfleet/bus";
import type * as z from "zod";
import { ErrorCode, GatewayError } from "../errors.js";

/** The services the gateway calls over the bus. */
export type PeerService = "agents" | "channels" | "voice";

/**
 * Sends a request to another service and turns bus failures into protocol errors: nobody answering
 * or a timeout becomes `UNAVAILABLE` naming the missing service (never a hang), a rejected request
 * `INVALID_REQUEST` with the service's message.
 */
export async function callService<T extends string, S extends z.ZodType, R extends z.ZodType>(
  bus: Bus,
  service: PeerService,
  def: RequestDef<T, S, R>,
  params: SubjectParams<T>,
  payload: z.input<S>,
  options: { timeoutMs?: number } = {},
): Promise<z.output<R>> {
  try {
    return await bus.request(def, params, payload, options);
  } catch (error) {
    throw serviceError(service, error);
  }
}

/** Maps a bus error from `service` to the protocol error a client sees. */
export function serviceError(service: PeerService, error: unknown): GatewayError {
  if (error instanceof PayloadError && !error.subject.endsWith("(reply)")) {
    return new GatewayError(
      ErrorCode.InvalidRequest,
      `invalid params: ${error.issues.join("; ")}`,
      { details: { issues: error.issues } },
    );
  }
  if (!(error instanceof BusError))
    return new GatewayError(
      ErrorCode.Unavailable,
      `the ${service} service failed: ${errorMessage(error)}`,
      { cause: error },
    );
  const details = { service, busCode: error.code };
  switch (error.code) {
    case BusErrorCode.NoResponders:
      return new GatewayError(
        ErrorCode.Unavailable,
        `the ${service} service is not running (nothing answers on the bus); start it with \`node dist/index.js ${service}\``,
        { details, cause: error },
      );
    case BusErrorCode.Timeout:
      return new GatewayError(
        ErrorCode.Unavailable,
        `the ${service} service did not answer in time; it may be overloaded or restarting`,
        { details, cause: error },
      );
    case BusErrorCode.BadRequest:
    case BusErrorCode.NotFound:
    case BusErrorCode.Conflict:
    case BusErrorCode.InvalidPayload:
      return new GatewayError(ErrorCode.InvalidRequest, error.message, { details, cause: error });
    case BusErrorCode.Forbidden:
      return new GatewayError(ErrorCode.Forbidden, error.message, { details, cause: error });
    default:
      return new GatewayError(ErrorCode.Unavailable, `${service}: ${error.message}`, {
        details,
        retryAfterMs: error.retryAfterMs,
        cause: error,
      });
  }
}
