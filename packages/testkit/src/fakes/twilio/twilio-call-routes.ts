import { HexAlphabet, randomId } from "../shared/random-id.js";
import { TerminalCallStatuses } from "./twilio-call.js";
import type { TwilioCallState } from "./twilio-call.js";
import { TwilioApiError } from "./twilio-errors.js";

function text(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) return typeof value[0] === "string" ? value[0] : undefined;
  return typeof value === "string" && value !== "" ? value : undefined;
}

function list(params: Record<string, unknown>, name: string): string[] {
  const value = params[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.flatMap((v) => String(v).split(/[\s,]+/)).filter((v) => v !== "");
}

/** Handles `POST …/Calls.json`: validates like Twilio and stores a queued outbound call. */
export function createCall(
  accountSid: string,
  params: Record<string, unknown>,
  calls: Map<string, TwilioCallState>,
): TwilioCallState {
  const to = text(params, "To");
  const from = text(params, "From");
  if (!to) throw new TwilioApiError(400, 21201, "No 'To' number is specified");
  if (!from) throw new TwilioApiError(400, 21213, "No 'From' number is specified");
  const url = text(params, "Url");
  const twiml = text(params, "Twiml");
  if (!url && !twiml && !text(params, "ApplicationSid"))
    throw new TwilioApiError(
      400,
      21205,
      "Either a 'Url', 'Twiml' or 'ApplicationSid' parameter is required",
    );
  const statusCallback = text(params, "StatusCallback");
  const now = new Date();
  const call: TwilioCallState = {
    sid: randomId("CA", 32, HexAlphabet),
    accountSid,
    to,
    from,
    status: "queued",
    direction: "outbound-api",
    method: text(params, "Method") ?? "POST",
    statusCallbackMethod: text(params, "StatusCallbackMethod") ?? "POST",
    statusCallbackEvents: statusCallback
      ? list(params, "StatusCallbackEvent").length > 0
        ? list(params, "StatusCallbackEvent")
        : ["completed"]
      : [],
    dateCreated: now,
    dateUpdated: now,
    startTime: null,
    endTime: null,
    createParams: params,
    ...(url ? { url } : {}),
    ...(twiml ? { twiml } : {}),
    ...(statusCallback ? { statusCallback } : {}),
  };
  calls.set(call.sid, call);
  return call;
}

/**
 * Handles `POST …/Calls/{sid}.json`: redirects (Url / Twiml) a live call, or ends it with
 * Status=completed|canceled. Returns the status to move to, if any.
 */
export function updateCall(
  call: TwilioCallState,
  params: Record<string, unknown>,
): string | undefined {
  const ended = TerminalCallStatuses.has(call.status);
  const url = text(params, "Url");
  const twiml = text(params, "Twiml");
  if ((url || twiml) && ended)
    throw new TwilioApiError(400, 21220, "Call is not in-progress. Cannot redirect.");
  if (url) {
    call.url = url;
    delete call.twiml;
    call.method = text(params, "Method") ?? call.method;
  }
  if (twiml) {
    call.twiml = twiml;
    delete call.url;
  }
  const callback = text(params, "StatusCallback");
  if (callback) call.statusCallback = callback;
  call.dateUpdated = new Date();
  const status = text(params, "Status");
  if (!status || ended) return undefined;
  if (status === "canceled")
    return call.status === "queued" || call.status === "ringing" ? "canceled" : undefined;
  if (status === "completed") return "completed";
  throw new TwilioApiError(400, 21218, `Invalid Status: ${status}`);
}
