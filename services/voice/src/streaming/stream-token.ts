import { createHmac, timingSafeEqual } from "node:crypto";

/** The token a call's `<Stream>` carries in a `<Parameter>`: an HMAC of the call id under the Twilio auth token. */
export function streamToken(authToken: string, callId: string): string {
  return createHmac("sha256", authToken).update(`media-stream:${callId}`).digest("base64url");
}

/** Whether `token` is the stream token of `callId` (constant-time). */
export function isStreamToken(
  authToken: string,
  callId: string,
  token: string | undefined,
): boolean {
  if (!token) return false;
  const expected = Buffer.from(streamToken(authToken, callId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
