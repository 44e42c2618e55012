/** Terminal call statuses. */
export const TerminalCallStatuses: ReadonlySet<string> = new Set([
  "completed",
  "busy",
  "failed",
  "no-answer",
  "canceled",
]);

/** A call as the Twilio fake tracks it. */
export interface TwilioCallState {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  status: string;
  direction: "outbound-api" | "inbound";
  url?: string;
  method: string;
  twiml?: string;
  statusCallback?: string;
  statusCallbackMethod: string;
  statusCallbackEvents: string[];
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  /** Every parameter of the create request. */
  createParams: Readonly<Record<string, unknown>>;
}

/** Twilio's RFC 2822 date format ("Tue, 31 Aug 2010 20:36:28 +0000"). */
export function twilioDate(date: Date | null): string | null {
  return date === null ? null : date.toUTCString().replace("GMT", "+0000");
}

/** The Call resource JSON the REST API answers with. */
export function callResource(call: TwilioCallState): Record<string, unknown> {
  const base = `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}`;
  const duration =
    call.startTime && call.endTime
      ? String(Math.round((call.endTime.getTime() - call.startTime.getTime()) / 1_000))
      : null;
  return {
    account_sid: call.accountSid,
    annotation: null,
    answered_by: null,
    api_version: "2010-04-01",
    caller_name: null,
    date_created: twilioDate(call.dateCreated),
    date_updated: twilioDate(call.dateUpdated),
    direction: call.direction,
    duration,
    end_time: twilioDate(call.endTime),
    forwarded_from: null,
    from: call.from,
    from_formatted: call.from,
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: "USD",
    queue_time: "0",
    sid: call.sid,
    start_time: twilioDate(call.startTime),
    status: call.status,
    to: call.to,
    to_formatted: call.to,
    trunk_sid: null,
    uri: `${base}.json`,
    subresource_uris: {
      notifications: `${base}/Notifications.json`,
      recordings: `${base}/Recordings.json`,
      payments: `${base}/Payments.json`,
      events: `${base}/Events.json`,
      siprec: `${base}/Siprec.json`,
      streams: `${base}/Streams.json`,
      transcriptions: `${base}/Transcriptions.json`,
      user_defined_message_subscriptions: `${base}/UserDefinedMessageSubscriptions.json`,
      user_defined_messages: `${base}/UserDefinedMessages.json`,
    },
  };
}

/** The status-callback event a status belongs to (`answered` for in-progress, `completed` for every end). */
export function callbackEventOf(status: string): string {
  if (status === "in-progress") return "answered";
  if (TerminalCallStatuses.has(status)) return "completed";
  return status;
}
