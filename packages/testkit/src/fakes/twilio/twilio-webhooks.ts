import twilio from "twilio";

/** The signature Twilio puts in `X-Twilio-Signature` for a form POST of `params` to `url`. */
export function signTwilioRequest(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
): string {
  return twilio.getExpectedTwilioSignature(authToken, url, { ...params });
}

/** What varies between voice webhooks; the rest gets Twilio's usual values. */
export interface VoiceWebhookInit {
  accountSid: string;
  callSid: string;
  from: string;
  to: string;
  /** queued, ringing, in-progress, completed, busy, failed, no-answer, canceled. */
  callStatus?: string;
  /** `inbound` for calls to the number, `outbound-api` for calls the REST API started. */
  direction?: "inbound" | "outbound-api";
  /** The transcript a `<Gather input="speech">` action receives. */
  speechResult?: string;
  confidence?: number;
  digits?: string;
  /** Any other parameters (they win over the defaults). */
  extra?: Record<string, string>;
}

/** The form parameters of a voice webhook (incoming call, Gather action or status callback). */
export function voiceWebhookParams(init: VoiceWebhookInit): Record<string, string> {
  return {
    AccountSid: init.accountSid,
    ApiVersion: "2010-04-01",
    CallSid: init.callSid,
    CallStatus: init.callStatus ?? "ringing",
    Called: init.to,
    Caller: init.from,
    Direction: init.direction ?? "inbound",
    From: init.from,
    To: init.to,
    CallerCountry: "US",
    CalledCountry: "US",
    ...(init.speechResult !== undefined
      ? { SpeechResult: init.speechResult, Confidence: String(init.confidence ?? 0.92) }
      : {}),
    ...(init.digits !== undefined ? { Digits: init.digits } : {}),
    ...init.extra,
  };
}

/** A ready-to-send signed webhook: `fetch(request.url, request.init)`. */
export interface SignedWebhookRequest {
  url: string;
  init: { method: "POST"; headers: Record<string, string>; body: string };
}

/** Builds the form-encoded POST Twilio would send to `url`, signed with `authToken`. */
export function signedWebhookRequest(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
): SignedWebhookRequest {
  return {
    url,
    init: {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": signTwilioRequest(authToken, url, params),
        "i-twilio-idempotency-token": crypto.randomUUID(),
        "user-agent": "TwilioProxy/1.1",
      },
      body: new URLSearchParams(params).toString(),
    },
  };
}

/** Sends a signed webhook like Twilio does and returns the response. */
export function postTwilioWebhook(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
): Promise<Response> {
  const request = signedWebhookRequest(authToken, url, params);
  return fetch(request.url, request.init);
}
