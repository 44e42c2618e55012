import { errorMessage } from "@clawfleet/core";
import type * as z from "zod";
import { PayloadError } from "../errors.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Renders zod issues as `path: message` lines (`(root)` for the whole payload). */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map(
    (issue) =>
      `${issue.path.length ? issue.path.map(String).join(".") : "(root)"}: ${issue.message}`,
  );
}

/** Validates and encodes a payload for `subject`; an invalid payload throws {@link PayloadError}. */
export function encodePayload<S extends z.ZodType>(
  schema: S,
  subject: string,
  payload: z.input<S>,
): Uint8Array {
  const result = schema.safeParse(payload);
  if (!result.success) throw new PayloadError(subject, issueLines(result.error));
  return encoder.encode(JSON.stringify(result.data));
}

/** Decodes and validates a received payload; malformed JSON or a schema mismatch throws {@link PayloadError}. */
export function decodePayload<S extends z.ZodType>(
  schema: S,
  subject: string,
  data: Uint8Array,
): z.output<S> {
  let json: unknown;
  try {
    json = data.length === 0 ? undefined : JSON.parse(decoder.decode(data));
  } catch (error) {
    throw new PayloadError(subject, [`(root): not JSON (${errorMessage(error)})`]);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new PayloadError(subject, issueLines(result.error));
  return result.data;
}

/** Encodes any JSON value without validation (envelopes, dead letters). */
export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Decodes JSON; undefined when the bytes are not JSON. */
export function tryDecodeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(data));
  } catch {
    return undefined;
  }
}
