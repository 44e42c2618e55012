import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { abortableSleep } from "../shared/abortable-sleep.js";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import { FaultQueue } from "../shared/fault-queue.js";
import type { CommonFault } from "../shared/fault-queue.js";
import { HexAlphabet, randomId } from "../shared/random-id.js";
import { RecordLog } from "../shared/record-log.js";
import { parseBody, readBody, sendJson } from "../shared/request-body.js";
import { callbackEventOf, callResource, TerminalCallStatuses } from "./twilio-call.js";
import type { TwilioCallState } from "./twilio-call.js";
import { createCall, updateCall } from "./twilio-call-routes.js";
import { TwilioApiError } from "./twilio-errors.js";
import { postTwilioWebhook, voiceWebhookParams } from "./twilio-webhooks.js";

/** Names of the REST routes the fake serves (use them to aim faults). */
export const TwilioRoutes = {
  createCall: "createCall",
  fetchCall: "fetchCall",
  updateCall: "updateCall",
} as const;

/** A REST route name. */
export type TwilioRouteName = (typeof TwilioRoutes)[keyof typeof TwilioRoutes];

/** A fault the Twilio fake can inject into the next calls of a route. */
export type TwilioFault =
  | CommonFault
  | {
      readonly kind: "error";
      readonly status: number;
      readonly code: number;
      readonly message: string;
    };

/** A Twilio account the fake accepts (basic auth `sid:authToken`). */
export interface TwilioAccount {
  sid: string;
  authToken: string;
}

/** One REST request the fake answered. */
export interface TwilioRequestRecord {
  method: string;
  path: string;
  route: TwilioRouteName | null;
  accountSid: string | null;
  params: Readonly<Record<string, unknown>>;
  status: number;
  at: number;
}

/** One webhook the fake sent (TwiML fetch or status callback). */
export interface TwilioWebhookRecord {
  kind: "voice" | "status";
  url: string;
  params: Readonly<Record<string, string>>;
  status: number;
  body: string;
}

const CallsPath = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls(?:\/([^/]+))?\.json$/;

/** A local Twilio REST API for calls, plus the webhooks Twilio would send (signed with the account's token). */
export class TwilioFake {
  readonly requests = new RecordLog<TwilioRequestRecord>("twilio requests");
  readonly webhooks = new RecordLog<TwilioWebhookRecord>("twilio webhooks");
  readonly #accounts = new Map<string, TwilioAccount>();
  readonly #calls = new Map<string, TwilioCallState>();
  readonly #faults = new FaultQueue<TwilioFault>();
  readonly #server = new FakeHttpServer((req, res) => this.#handle(req, res));

  /** Starts listening; resolves with the API base (the `TWILIO_API_BASE` value). */
  start(): Promise<string> {
    return this.#server.start();
  }

  /** Stops listening. */
  stop(): Promise<void> {
    return this.#server.stop();
  }

  /** The API base URL. */
  get apiBase(): string {
    return this.#server.url;
  }

  /** Registers an account (random `AC…` sid and token unless given). */
  addAccount(account: Partial<TwilioAccount> = {}): TwilioAccount {
    const created = {
      sid: account.sid ?? randomId("AC", 32, HexAlphabet),
      authToken: account.authToken ?? randomBytes(16).toString("hex"),
    };
    this.#accounts.set(created.sid, created);
    return created;
  }

  /** The current state of a call. */
  call(sid: string): TwilioCallState {
    const call = this.#calls.get(sid);
    if (!call) throw new Error(`twilio fake: no call ${sid}`);
    return call;
  }

  /** Every call, oldest first. */
  allCalls(): TwilioCallState[] {
    return [...this.#calls.values()];
  }

  /** Makes the next `times` calls of a route (`"*"` = any) fail as `fault` says. */
  failNext(route: TwilioRouteName | "*", fault: TwilioFault, times = 1): void {
    this.#faults.add(route, fault, times);
  }

  /** Moves a call to `status` and, when subscribed, sends the signed status callback; resolves after it was answered. */
  async setCallStatus(sid: string, status: string): Promise<void> {
    const call = this.call(sid);
    const now = new Date();
    call.status = status;
    call.dateUpdated = now;
    if (status === "in-progress") call.startTime ??= now;
    if (TerminalCallStatuses.has(status)) call.endTime ??= now;
    if (!call.statusCallback || !call.statusCallbackEvents.includes(callbackEventOf(status)))
      return;
    const params = voiceWebhookParams({
      accountSid: call.accountSid,
      callSid: call.sid,
      from: call.from,
      to: call.to,
      callStatus: status,
      direction: call.direction,
      extra: {
        CallbackSource: "call-progress-events",
        Timestamp: call.dateUpdated.toUTCString(),
        SequenceNumber: String(this.webhooks.filter((w) => w.params["CallSid"] === sid).length),
        ...(call.endTime && call.startTime
          ? {
              CallDuration: String(
                Math.round((call.endTime.getTime() - call.startTime.getTime()) / 1_000),
              ),
            }
          : {}),
      },
    });
    await this.#sendWebhook("status", call.statusCallback, params, call.accountSid);
  }

  /** Answers an outbound call: status in-progress, then fetches its TwiML from `Url` (signed POST) and returns it. */
  async answerCall(sid: string): Promise<string> {
    await this.setCallStatus(sid, "in-progress");
    const call = this.call(sid);
    if (call.twiml !== undefined || !call.url) return call.twiml ?? "";
    const params = voiceWebhookParams({
      accountSid: call.accountSid,
      callSid: sid,
      from: call.from,
      to: call.to,
      callStatus: "in-progress",
      direction: call.direction,
    });
    return this.#sendWebhook("voice", call.url, params, call.accountSid);
  }

  async #sendWebhook(
    kind: TwilioWebhookRecord["kind"],
    url: string,
    params: Record<string, string>,
    accountSid: string,
  ): Promise<string> {
    const token = this.#accounts.get(accountSid)?.authToken ?? "";
    let status = 0;
    let body = "";
    try {
      const response = await postTwilioWebhook(token, url, params);
      status = response.status;
      body = await response.text();
    } catch (error) {
      body = error instanceof Error ? error.message : String(error);
    }
    this.webhooks.push({ kind, url, params, status, body });
    return body;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const method = req.method ?? "GET";
    const params = await parseBody(req, await readBody(req)).catch(() => ({}));
    const match = CallsPath.exec(url.pathname);
    const route: TwilioRouteName | null = !match
      ? null
      : !match[2]
        ? method === "POST"
          ? "createCall"
          : null
        : method === "GET"
          ? "fetchCall"
          : method === "POST"
            ? "updateCall"
            : null;
    const accountSid = match?.[1] ?? null;
    let status = 200;
    let body: unknown;
    try {
      if (!route)
        throw new TwilioApiError(
          404,
          20404,
          `The requested resource ${url.pathname} was not found`,
        );
      this.#authenticate(req, accountSid ?? "");
      const fault = this.#faults.take(route);
      if (fault?.kind === "drop") {
        this.requests.push({
          method,
          path: url.pathname,
          route,
          accountSid,
          params,
          status: 0,
          at: Date.now(),
        });
        req.socket.destroy();
        return;
      }
      await abortableSleep(fault?.kind === "delay" ? fault.ms : 0, this.#server.signal);
      if (fault?.kind === "error")
        throw new TwilioApiError(fault.status, fault.code, fault.message);
      const call =
        route === "createCall"
          ? createCall(accountSid ?? "", params, this.#calls)
          : this.#existingCall(accountSid ?? "", match?.[2] ?? "", url.pathname);
      if (route === "createCall") status = 201;
      if (route === "updateCall") {
        const newStatus = updateCall(call, params);
        if (newStatus) await this.setCallStatus(call.sid, newStatus);
      }
      body = callResource(call);
    } catch (error) {
      if (!(error instanceof TwilioApiError)) throw error;
      status = error.status;
      body = error.body;
    }
    this.requests.push({
      method,
      path: url.pathname,
      route,
      accountSid,
      params,
      status,
      at: Date.now(),
    });
    sendJson(res, status, body);
  }

  #authenticate(req: IncomingMessage, accountSid: string): void {
    const header = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const [user = "", password = ""] = Buffer.from(header, "base64").toString("utf8").split(":");
    const account = this.#accounts.get(user);
    if (!account || account.authToken !== password || user !== accountSid)
      throw new TwilioApiError(401, 20003, "Authenticate");
  }

  #existingCall(accountSid: string, callSid: string, path: string): TwilioCallState {
    const call = this.#calls.get(callSid);
    if (!call || call.accountSid !== accountSid)
      throw new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
    return call;
  }
}
