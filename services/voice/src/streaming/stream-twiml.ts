import { escapeXml, twimlResponse } from "../adapters/twilio/twiml.js";

/** What a streamed call's TwiML points at. */
export interface StreamTwimlInit {
  /** `wss://…/voice/stream`. */
  streamUrl: string;
  callId: string;
  token: string;
  /** Where Twilio goes when the stream ends while the call goes on (the Gather loop takes over). */
  resumeUrl: string;
}

/** `<Connect><Stream>` with the call id and token as parameters, then a `<Redirect>` back to the webhook. */
export function renderStreamTwiml(init: StreamTwimlInit): string {
  const parameter = (name: string, value: string) =>
    `<Parameter name="${name}" value="${escapeXml(value)}"/>`;
  return twimlResponse([
    `<Connect><Stream url="${escapeXml(init.streamUrl)}">${parameter("callId", init.callId)}${parameter("token", init.token)}</Stream></Connect>`,
    `<Redirect method="POST">${escapeXml(init.resumeUrl)}</Redirect>`,
  ]);
}

/** The stream's WebSocket URL on the host Twilio reached the webhook at (`https` → `wss`). */
export function streamUrlFor(webhookUrl: string, streamPath: string): string {
  const url = new URL(webhookUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = streamPath;
  url.search = "";
  return url.href;
}
