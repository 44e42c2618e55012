import * as z from "zod";
import type { WireError } from "../errors.js";

/** A request frame from a client; unknown top-level fields are tolerated. */
export const requestFrameSchema = z.looseObject({
  type: z.literal("req"),
  id: z.string().min(1).max(256),
  method: z.string().min(1).max(128),
  params: z.unknown().optional(),
});

/** A request frame. */
export type RequestFrame = z.infer<typeof requestFrameSchema>;

/** A successful response frame. */
export interface OkResponseFrame {
  type: "res";
  id: string;
  ok: true;
  payload: unknown;
}

/** A failed response frame. */
export interface ErrorResponseFrame {
  type: "res";
  id: string;
  ok: false;
  error: WireError;
}

/** An event frame; `seq` counts events per connection. */
export interface EventFrame {
  type: "event";
  event: string;
  payload?: unknown;
  seq?: number;
}

/** Any frame the gateway sends. */
export type OutboundFrame = OkResponseFrame | ErrorResponseFrame | EventFrame;

/** Builds a successful response frame. */
export function okFrame(id: string, payload: unknown): OkResponseFrame {
  return { type: "res", id, ok: true, payload };
}

/** Builds a failed response frame. */
export function errorFrame(id: string, error: WireError): ErrorResponseFrame {
  return { type: "res", id, ok: false, error };
}
