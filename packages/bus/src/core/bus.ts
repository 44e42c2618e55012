import { errorMessage } from "@clawfleet/core";
import { currentTraceId, newTraceId, withTrace, type Logger } from "@clawfleet/log";
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
import {
  headers as natsHeaders,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from "@nats-io/transport-node";
import type * as z from "zod";
import type { EventDef, RequestDef, StreamSubjectDef } from "../catalogue/define.js";
import { BusError, BusErrorCode, PayloadError, fromWireError, toWireError } from "../errors.js";
import { decodePayload, encodeJson, encodePayload } from "./codec.js";
import { replyEnvelopeSchema } from "./envelope.js";
import { BusHeader } from "./headers.js";
import { fillSubject, subjectPattern, type SubjectParams } from "./subject-template.js";
import {
  parseVersionedSubject,
  subjectTemplates,
  type VersionedSubject,
} from "./subject-versions.js";
import { DeadLetterReason, deadLetterSubject } from "./dead-letter-subject.js";
import type {
  BusCounters,
  BusSubscription,
  ConnectionStatus,
  JetStreamAccount,
  MessageContext,
  NatsHandles,
  PublishAck,
  ServerInfo,
} from "./bus-types.js";
import { requestFailure } from "./request-failure.js";
import { StreamHandle } from "../jetstream/stream-handle.js";

let handlesOf: (bus: Bus) => NatsHandles;

/** The raw handles of a bus, for modules of this package only (not exported by its index). */
export function natsHandles(bus: Bus): NatsHandles {
  return handlesOf(bus);
}

/** The typed bus: every publish and receipt goes through a catalogue definition and its schema. */
export class Bus {
  static {
    handlesOf = (bus) => ({ nc: bus.#nc, js: bus.#js, jsm: () => bus.#manager() });
  }

  readonly counters: BusCounters = {
    published: 0,
    received: 0,
    invalid: 0,
    deadLettered: 0,
    handlerErrors: 0,
    requests: 0,
    requestErrors: 0,
  };
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #log: Logger;
  #jsm: Promise<JetStreamManager> | undefined;

  constructor(nc: NatsConnection, logger: Logger) {
    this.#nc = nc;
    this.#log = logger.child({ subsystem: "bus" });
    this.#js = jetstream(nc);
  }

  /** The JetStream manager, created once. */
  #manager(): Promise<JetStreamManager> {
    this.#jsm ??= jetstreamManager(this.#nc).catch((error: unknown) => {
      this.#jsm = undefined;
      throw error;
    });
    return this.#jsm;
  }

  /** A typed handle on the stream that stores `def`'s subject: read, last, purge, info and more. */
  stream<T extends string, S extends z.ZodType>(def: StreamSubjectDef<T, S>): StreamHandle<T, S> {
    return new StreamHandle(this, def);
  }

  /** What the server announced when the bus connected (the current server after a reconnect). */
  serverInfo(): ServerInfo {
    const info = this.#nc.info;
    return {
      version: info?.version ?? "unknown",
      maxPayload: info?.max_payload ?? 0,
      jetstream: info?.jetstream ?? false,
    };
  }

  /** JetStream usage of this account; throws when the server runs without JetStream. */
  async jetStreamAccount(): Promise<JetStreamAccount> {
    const info = await (await this.#manager()).getAccountInfo();
    return { streams: info.streams, consumers: info.consumers };
  }

  /** True while the connection is neither closed nor draining. */
  isOpen(): boolean {
    return !this.#nc.isClosed() && !this.#nc.isDraining();
  }

  /** Connection status changes (disconnect, reconnect, …) as they happen, until the bus closes. */
  status(): AsyncIterable<ConnectionStatus> {
    return this.#nc.status();
  }

  /** Resolves once the server has seen everything published so far (a round trip). */
  async flush(): Promise<void> {
    await this.#nc.flush();
  }

  /** Closes the connection at once, without draining; pending handlers see a closed bus. */
  async close(): Promise<void> {
    await this.#nc.close();
  }

  /** Publishes an event; an invalid payload throws {@link PayloadError}. */
  publish<T extends string, S extends z.ZodType>(
    def: EventDef<T, S>,
    params: SubjectParams<T>,
    payload: z.input<S>,
  ): void {
    const subject = fillSubject(def.subject, params);
    this.#nc.publish(subject, encodePayload(def.schema, subject, payload), {
      headers: traceHeaders(),
    });
    this.counters.published++;
  }

  /**
   * Subscribes to an event (and, for one release, to its legacy pre-`.v1` subject too); missing
   * parameters match any token. Bad payloads are logged and dead-lettered.
   */
  subscribe<T extends string, S extends z.ZodType>(
    def: EventDef<T, S>,
    params: Partial<SubjectParams<T>>,
    handler: (payload: z.output<S>, ctx: MessageContext) => void | Promise<void>,
    options: { queue?: string } = {},
  ): BusSubscription {
    const subs = subjectTemplates(def).map((template) =>
      this.#nc.subscribe(subjectPattern(template, params as Record<string, string>), {
        queue: options.queue,
        callback: (error, msg) => {
          if (error) return this.#log.warn(`subscription to ${template} failed`, { error });
          void this.#dispatch(def, msg, async (payload, ctx) => void (await handler(payload, ctx)));
        },
      }),
    );
    return { unsubscribe: () => subs.forEach((sub) => sub.unsubscribe()) };
  }

  /** Sends a request and returns the validated reply; remote errors are rethrown as typed errors. */
  async request<T extends string, S extends z.ZodType, R extends z.ZodType>(
    def: RequestDef<T, S, R>,
    params: SubjectParams<T>,
    payload: z.input<S>,
    options: { timeoutMs?: number } = {},
  ): Promise<z.output<R>> {
    const subject = fillSubject(def.subject, params);
    const timeout = options.timeoutMs ?? def.timeoutMs;
    this.counters.requests++;
    const data = encodePayload(def.schema, subject, payload);
    let reply: Msg;
    try {
      reply = await this.#nc.request(subject, data, { timeout, headers: traceHeaders() });
    } catch (error) {
      this.counters.requestErrors++;
      throw requestFailure(subject, timeout, error);
    }
    const envelope = decodePayload(replyEnvelopeSchema, subject, reply.data);
    if (!envelope.ok) {
      this.counters.requestErrors++;
      throw fromWireError(subject, envelope.error);
    }
    const result = def.reply.safeParse(envelope.data);
    if (!result.success)
      throw new PayloadError(
        `${subject} (reply)`,
        result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`),
      );
    return result.data;
  }

  /** Serves a request subject in its queue group; thrown errors travel back as `{code, message, retryable}`. */
  serve<T extends string, S extends z.ZodType, R extends z.ZodType>(
    def: RequestDef<T, S, R>,
    params: Partial<SubjectParams<T>>,
    handler: (payload: z.output<S>, ctx: MessageContext) => Promise<z.input<R>> | z.input<R>,
    options: { queue?: string | false } = {},
  ): Subscription {
    const queue = options.queue === false ? undefined : (options.queue ?? def.queue);
    return this.#nc.subscribe(subjectPattern(def.subject, params as Record<string, string>), {
      queue,
      callback: (error, msg) => {
        if (error) return this.#log.warn(`service subscription ${def.subject} failed`, { error });
        void this.#dispatch(
          def,
          msg,
          async (payload, ctx) => {
            const data = def.reply.parse(await handler(payload, ctx));
            msg.respond(encodeJson({ ok: true, data }));
          },
          (failure) => msg.respond(encodeJson({ ok: false, error: toWireError(failure) })),
        );
      },
    });
  }

  /** Publishes to a stream subject with an optional dedupe id; resolves once JetStream stored it. */
  async jsPublish<T extends string, S extends z.ZodType>(
    def: StreamSubjectDef<T, S>,
    params: SubjectParams<T>,
    payload: z.input<S>,
    options: { msgID?: string; timeoutMs?: number } = {},
  ): Promise<PublishAck> {
    const subject = fillSubject(def.subject, params);
    const data = encodePayload(def.schema, subject, payload);
    const ack = await this.#js.publish(subject, data, {
      msgID: options.msgID,
      headers: traceHeaders(),
      timeout: options.timeoutMs ?? 5000,
    });
    this.counters.published++;
    return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
  }

  /** Stores a message that could not be handled in the dead-letter stream, and logs it. */
  async deadLetter(
    reason: DeadLetterReason,
    subject: string,
    data: Uint8Array,
    detail: string,
    origin?: string,
  ): Promise<void> {
    const hdrs = natsHeaders();
    hdrs.set(BusHeader.DeadReason, detail.slice(0, 1000));
    hdrs.set(BusHeader.DeadSubject, subject);
    if (origin) hdrs.set(BusHeader.DeadOrigin, origin);
    this.counters.deadLettered++;
    try {
      await this.#js.publish(deadLetterSubject(reason), data, {
        headers: hdrs,
        msgID: origin ? `dlq:${origin}` : undefined,
      });
      this.#log.warn(`dead-lettered a message from ${subject}: ${detail}`, { reason, origin });
    } catch (error) {
      this.#log.error(`could not dead-letter a message from ${subject}: ${detail}`, {
        reason,
        error,
      });
    }
  }

  /** Stops taking messages, flushes what is pending and closes the connection. */
  async drain(): Promise<void> {
    if (!this.#nc.isClosed()) await this.#nc.drain();
  }

  async #dispatch<S extends z.ZodType>(
    def: VersionedSubject & { schema: S },
    msg: Msg,
    handle: (payload: z.output<S>, ctx: MessageContext) => Promise<void>,
    reject?: (error: unknown) => void,
  ): Promise<void> {
    this.counters.received++;
    const traceId = msg.headers?.get(BusHeader.Trace) || newTraceId();
    await withTrace(traceId, async () => {
      let payload: z.output<S>;
      try {
        payload = decodePayload(def.schema, msg.subject, msg.data);
      } catch (error) {
        this.counters.invalid++;
        reject?.(error);
        await this.deadLetter(DeadLetterReason.Invalid, msg.subject, msg.data, errorMessage(error));
        return;
      }
      const ctx: MessageContext = {
        subject: msg.subject,
        params: parseVersionedSubject(def, msg.subject) ?? {},
        traceId,
        headers: msg.headers,
      };
      try {
        await handle(payload, ctx);
      } catch (error) {
        this.counters.handlerErrors++;
        if (reject) reject(error);
        if (!(error instanceof BusError) || error.code === BusErrorCode.Internal)
          this.#log.error(`handler for ${msg.subject} failed`, { error });
      }
    });
  }
}

function traceHeaders(): MsgHdrs {
  const hdrs = natsHeaders();
  hdrs.set(BusHeader.Trace, currentTraceId() ?? newTraceId());
  return hdrs;
}
