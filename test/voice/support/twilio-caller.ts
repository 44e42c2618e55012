import { signedWebhookRequest, voiceWebhookParams, type TwilioAccount } from "@clawfleet/testkit";

/** What one TwiML answer asked the caller's phone to do. */
export interface TwimlTurn {
  status: number;
  body: string;
  /** `<Say>` texts, in order. */
  said: string[];
  /** The `<Gather>` action URL, when the call listens. */
  gatherAction?: string;
  /** The `<Redirect>` URL, when there is one. */
  redirect?: string;
  hangup: boolean;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Reads the verbs of a TwiML answer. */
export function readTwiml(status: number, body: string): TwimlTurn {
  return {
    status,
    body,
    said: [...body.matchAll(/<Say>([\s\S]*?)<\/Say>/g)].map((m) => unescapeXml(m[1] ?? "")),
    gatherAction: ((m) => (m ? unescapeXml(m[1] ?? "") : undefined))(
      /<Gather [^>]*action="([^"]+)"/.exec(body),
    ),
    redirect: ((m) => (m ? unescapeXml(m[1] ?? "") : undefined))(
      /<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(body),
    ),
    hangup: body.includes("<Hangup/>"),
  };
}

/** Sends a webhook to a URL; by default signed like Twilio (override the transport to go through the bus). */
export type WebhookTransport = (
  url: string,
  params: Record<string, string>,
) => Promise<{ status: number; body: string }>;

/** Posts straight to the URL, signed with `authToken`. */
export function directTransport(authToken: string): WebhookTransport {
  return async (url, params) => {
    const request = signedWebhookRequest(authToken, url, params);
    const response = await fetch(request.url, request.init);
    return { status: response.status, body: await response.text() };
  };
}

/**
 * Plays Twilio's side of one call, following the TwiML the voice service answers: it posts the
 * incoming-call webhook, speech results to the Gather action, silence to the fall-through
 * Redirect, follows wait Redirects, and the final status callback. Every request is signed.
 */
export class TwilioCaller {
  last: TwimlTurn | undefined;

  constructor(
    private readonly account: TwilioAccount,
    readonly callSid: string,
    readonly from: string,
    readonly to: string,
    private readonly send: WebhookTransport,
  ) {}

  #params(
    extra: Record<string, string> = {},
    speechResult?: string,
    callStatus = "in-progress",
  ): Record<string, string> {
    return voiceWebhookParams({
      accountSid: this.account.sid,
      callSid: this.callSid,
      from: this.from,
      to: this.to,
      callStatus,
      ...(speechResult !== undefined ? { speechResult } : {}),
      extra,
    });
  }

  async #post(url: string, params: Record<string, string>): Promise<TwimlTurn> {
    const { status, body } = await this.send(url, params);
    this.last = readTwiml(status, body);
    return this.last;
  }

  /** The call rings at the webhook URL. */
  ring(webhookUrl: string): Promise<TwimlTurn> {
    return this.#post(webhookUrl, this.#params({}, undefined, "ringing"));
  }

  /** The caller says `text` into the open Gather; waits through Redirects until the call speaks or hangs up. */
  async say(text: string, maxRedirects = 20): Promise<TwimlTurn> {
    const action = this.last?.gatherAction;
    if (!action) throw new Error(`the call is not listening; last TwiML: ${this.last?.body}`);
    let turn = await this.#post(action, this.#params({}, text));
    const said = [...turn.said];
    for (let i = 0; i < maxRedirects && !turn.gatherAction && !turn.hangup && turn.redirect; i++) {
      turn = await this.#post(turn.redirect, this.#params());
      said.push(...turn.said);
    }
    return { ...turn, said };
  }

  /** Twilio follows the wait Redirects of a thinking call until it speaks or hangs up. */
  async follow(maxRedirects = 20): Promise<TwimlTurn> {
    let turn = this.last;
    const said: string[] = [];
    for (
      let i = 0;
      i < maxRedirects && turn && !turn.gatherAction && !turn.hangup && turn.redirect;
      i++
    ) {
      turn = await this.#post(turn.redirect, this.#params());
      said.push(...turn.said);
    }
    if (!turn) throw new Error("the call has not started");
    return { ...turn, said };
  }

  /** The caller stays silent: Twilio follows the Redirect after the Gather. */
  async silence(): Promise<TwimlTurn> {
    const redirect = this.last?.redirect;
    if (!redirect) throw new Error(`no fall-through Redirect; last TwiML: ${this.last?.body}`);
    return this.#post(redirect, this.#params());
  }

  /** The caller hangs up: Twilio posts the completed status callback. */
  hangUp(statusUrl: string): Promise<TwimlTurn> {
    return this.#post(statusUrl, this.#params({ CallDuration: "12" }, undefined, "completed"));
  }
}
