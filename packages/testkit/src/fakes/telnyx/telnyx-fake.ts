import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import { RecordLog } from "../shared/record-log.js";
import { readBody } from "../shared/request-body.js";
import {
  postTelnyxWebhook,
  telnyxEventBody,
  TelnyxWebhookSigner,
  type TelnyxEventPayload,
} from "./telnyx-webhooks.js";

/** A call the fake knows. */
export interface TelnyxFakeCall {
  callControlId: string;
  callLegId: string;
  callSessionId: string;
  from: string;
  to: string;
  direction: "incoming" | "outgoing";
  state: "parked" | "ringing" | "answered" | "ended";
  clientState: string | null;
  webhookUrl: string;
  transcribing: boolean;
  timeLimitSecs?: number;
}

/** A REST request the fake answered. */
export interface TelnyxCommandRecord {
  /** `dial` for `POST /calls`, else the action name (`answer`, `speak`, …). */
  action: string;
  callControlId: string;
  body: Record<string, unknown>;
  status: number;
}

/** A webhook the fake sent, and what the receiver answered. */
export interface TelnyxWebhookRecord {
  eventType: string;
  callControlId: string;
  payload: TelnyxEventPayload;
  status: number;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function telnyxError(res: ServerResponse, status: number, code: string, title: string): void {
  json(res, status, { errors: [{ code, title, detail: title }] });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Telnyx Call Control v2 for tests: `POST /v2/calls` and `POST /v2/calls/{id}/actions/{action}`
 * with the API key as Bearer (every request recorded), and the webhooks a real call sends —
 * `call.initiated`, `call.answered`, `call.speak.started|ended`, `call.transcription`,
 * `call.hangup` — signed with the fake's Ed25519 key, carrying the call's current `client_state`,
 * posted one after another per call to the call's `webhook_url` (else the connection's).
 */
export class TelnyxFake {
  readonly apiKey = `KEY${randomBytes(16).toString("hex").toUpperCase()}`;
  readonly connectionId = String(1_000_000_000 + Math.floor(Math.random() * 1e9));
  readonly signer = new TelnyxWebhookSigner();
  readonly commands = new RecordLog<TelnyxCommandRecord>("telnyx commands");
  readonly webhooks = new RecordLog<TelnyxWebhookRecord>("telnyx webhooks");
  /** The connection's webhook URL (set in Telnyx's portal); set it before calls ring. */
  webhookUrl = "";
  readonly #calls = new Map<string, TelnyxFakeCall>();
  readonly #queues = new Map<string, Promise<void>>();
  readonly #server = new FakeHttpServer((req, res) => this.#handle(req, res));

  /** The base64 public key that checks this fake's webhooks (`TELNYX_PUBLIC_KEY`). */
  get publicKey(): string {
    return this.signer.publicKey;
  }

  /** Starts listening; resolves with the API base (`TELNYX_API_BASE`, ending in `/v2`). */
  async start(): Promise<string> {
    return `${await this.#server.start()}/v2`;
  }

  async stop(): Promise<void> {
    await this.#server.stop();
  }

  /** A call by its call_control_id. */
  call(callControlId: string): TelnyxFakeCall {
    const call = this.#calls.get(callControlId);
    if (!call) throw new Error(`the Telnyx fake has no call ${callControlId}`);
    return call;
  }

  /** Someone calls the connection's number: `call.initiated` (incoming, parked) is sent. */
  async ringInbound(from: string, to: string): Promise<TelnyxFakeCall> {
    const call = this.#newCall(from, to, "incoming", this.webhookUrl);
    call.state = "parked";
    await this.#emit(call, "call.initiated", { state: "parked" });
    return call;
  }

  /** The caller says `text`: a final `call.transcription`, only while transcription runs. */
  async say(callControlId: string, text: string): Promise<void> {
    const call = this.call(callControlId);
    if (!call.transcribing) throw new Error(`call ${callControlId} is not being transcribed`);
    await this.#emit(call, "call.transcription", {
      transcription_data: { transcript: text, is_final: true, confidence: 0.97 },
    });
  }

  /** The callee of an outbound call picks up: `call.answered`. */
  async answer(callControlId: string): Promise<void> {
    const call = this.call(callControlId);
    call.state = "answered";
    await this.#emit(call, "call.answered", {});
  }

  /** The other end hangs up: `call.hangup` (normal_clearing). */
  async hangUp(callControlId: string, cause = "normal_clearing"): Promise<void> {
    const call = this.call(callControlId);
    call.state = "ended";
    call.transcribing = false;
    await this.#emit(call, "call.hangup", { hangup_cause: cause, hangup_source: "caller" });
  }

  /** Waits until every webhook queued so far was answered. */
  async settled(): Promise<void> {
    await Promise.all([...this.#queues.values()]);
  }

  #newCall(
    from: string,
    to: string,
    direction: "incoming" | "outgoing",
    webhookUrl: string,
  ): TelnyxFakeCall {
    const call: TelnyxFakeCall = {
      callControlId: `v3:${randomBytes(24).toString("base64url")}`,
      callLegId: randomUUID(),
      callSessionId: randomUUID(),
      from,
      to,
      direction,
      state: "ringing",
      clientState: null,
      webhookUrl,
      transcribing: false,
    };
    this.#calls.set(call.callControlId, call);
    return call;
  }

  /** Queues a signed webhook of the call after the ones before it; resolves when it was answered. */
  #emit(call: TelnyxFakeCall, eventType: string, extra: Record<string, unknown>): Promise<void> {
    const payload: TelnyxEventPayload = {
      call_control_id: call.callControlId,
      call_leg_id: call.callLegId,
      call_session_id: call.callSessionId,
      connection_id: this.connectionId,
      client_state: call.clientState,
      from: call.from,
      to: call.to,
      direction: call.direction,
      ...extra,
    };
    const previous = this.#queues.get(call.callControlId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const body = telnyxEventBody(eventType, payload, call.webhookUrl);
      const answer = await postTelnyxWebhook(
        call.webhookUrl,
        body,
        this.signer.headers(body),
      ).catch(() => ({ status: 0, body: "" }));
      this.webhooks.push({
        eventType,
        callControlId: call.callControlId,
        payload,
        status: answer.status,
      });
    });
    this.#queues.set(call.callControlId, next);
    return next;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString("utf8");
    if (req.headers.authorization !== `Bearer ${this.apiKey}`)
      return telnyxError(res, 401, "10009", "Authentication failed");
    let body: Record<string, unknown>;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return telnyxError(res, 400, "10002", "Invalid JSON");
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "POST" && path === "/v2/calls") return this.#dial(body, res);
    const action = /^\/v2\/calls\/([^/]+)\/actions\/([a-z_]+)$/.exec(path);
    if (req.method === "POST" && action)
      return this.#command(decodeURIComponent(action[1]!), action[2]!, body, res);
    telnyxError(res, 404, "10005", "Resource not found");
  }

  #dial(body: Record<string, unknown>, res: ServerResponse): void {
    const record = (status: number) =>
      this.commands.push({ action: "dial", callControlId: "", body, status });
    if (body.connection_id !== this.connectionId) {
      record(422);
      return telnyxError(res, 422, "10015", "Invalid value for connection_id");
    }
    if (typeof body.to !== "string" || typeof body.from !== "string") {
      record(422);
      return telnyxError(res, 422, "10032", "to and from are required");
    }
    const call = this.#newCall(
      body.from,
      body.to,
      "outgoing",
      typeof body.webhook_url === "string" ? body.webhook_url : this.webhookUrl,
    );
    call.clientState = typeof body.client_state === "string" ? body.client_state : null;
    call.timeLimitSecs =
      typeof body.time_limit_secs === "number" ? body.time_limit_secs : undefined;
    this.commands.push({ action: "dial", callControlId: call.callControlId, body, status: 200 });
    json(res, 200, {
      data: {
        call_control_id: call.callControlId,
        call_leg_id: call.callLegId,
        call_session_id: call.callSessionId,
        is_alive: false,
        record_type: "call",
      },
    });
    void this.#emit(call, "call.initiated", { state: "bridging" });
  }

  #command(id: string, action: string, body: Record<string, unknown>, res: ServerResponse): void {
    const call = this.#calls.get(id);
    const record = (status: number) =>
      this.commands.push({ action, callControlId: id, body, status });
    if (!call) {
      record(404);
      return telnyxError(res, 404, "90015", "Call not found");
    }
    if (call.state === "ended") {
      record(422);
      return telnyxError(res, 422, "90018", "Call has already ended");
    }
    const state = body.client_state;
    if (state !== undefined && (typeof state !== "string" || !BASE64.test(state))) {
      record(422);
      return telnyxError(res, 422, "10015", "client_state must be Base64");
    }
    if (typeof state === "string") call.clientState = state;
    record(200);
    json(res, 200, { data: { result: "ok" } });
    this.#perform(call, action);
  }

  /** What a command does to the call, and the webhooks it leads to. */
  #perform(call: TelnyxFakeCall, action: string): void {
    switch (action) {
      case "answer":
        call.state = "answered";
        void this.#emit(call, "call.answered", {});
        break;
      case "speak":
        void this.#emit(call, "call.speak.started", {});
        void this.#emit(call, "call.speak.ended", { status: "completed" });
        break;
      case "transcription_start":
        call.transcribing = true;
        break;
      case "transcription_stop":
        call.transcribing = false;
        break;
      case "hangup":
      case "reject":
        call.state = "ended";
        call.transcribing = false;
        void this.#emit(call, "call.hangup", {
          hangup_cause: action === "reject" ? "call_rejected" : "normal_clearing",
          hangup_source: "callee",
        });
        break;
    }
  }
}
