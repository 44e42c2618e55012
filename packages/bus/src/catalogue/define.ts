import type * as z from "zod";

/** How a subject is used: fire-and-forget event, request/reply, or a JetStream stream subject. */
export const SubjectKind = { Event: "event", Request: "request", Stream: "stream" } as const;
/** One of the subject kinds. */
export type SubjectKind = (typeof SubjectKind)[keyof typeof SubjectKind];

interface BaseDef<T extends string, S extends z.ZodType> {
  /** Catalogue name, unique, e.g. `agent.events`. */
  readonly name: string;
  /** Subject template with `{param}` tokens, e.g. `agent.events.{session}`. */
  readonly subject: T;
  /** Schema every payload is validated against on publish and on receipt. */
  readonly schema: S;
  /** One-line description for docs and `clawfleet status`. */
  readonly doc: string;
}

/** A core NATS event: published to whoever listens, nothing stored. */
export interface EventDef<
  T extends string = string,
  S extends z.ZodType = z.ZodType,
> extends BaseDef<T, S> {
  readonly kind: "event";
  /**
   * The subject before it got its `.v1` token (same parameters), for one release: still subscribed to,
   * read and drained, never published to, so what old-version publishers send during a rolling
   * deploy is still handled. See docs/architecture.md ("Subject versions").
   */
  readonly legacySubject?: string;
}

/** A request/reply subject served by a queue group, with a schema for the reply. */
export interface RequestDef<
  T extends string = string,
  S extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> extends BaseDef<T, S> {
  readonly kind: "request";
  readonly reply: R;
  /** Queue group the servers join so each request reaches one instance; defaults to the name. */
  readonly queue: string;
  /** Default timeout of a request when the caller gives none. */
  readonly timeoutMs: number;
}

/** A subject captured by a JetStream stream of the catalogue. */
export interface StreamSubjectDef<
  T extends string = string,
  S extends z.ZodType = z.ZodType,
> extends BaseDef<T, S> {
  readonly kind: "stream";
  /** Name of the stream that stores this subject. */
  readonly stream: string;
  /**
   * The subject before it got its `.v1` token (same parameters), for one release: still subscribed to,
   * read and drained, never published to, so what old-version publishers send during a rolling
   * deploy is still handled. See docs/architecture.md ("Subject versions").
   */
  readonly legacySubject?: string;
}

/** Any subject definition of the catalogue. */
export type SubjectDef = EventDef | RequestDef | StreamSubjectDef;

/** Defines an event subject. */
export function defineEvent<const T extends string, S extends z.ZodType>(
  def: Omit<EventDef<T, S>, "kind">,
): EventDef<T, S> {
  return { kind: "event", ...def };
}

/** Defines a request/reply subject; the queue group defaults to the catalogue name. */
export function defineRequest<const T extends string, S extends z.ZodType, R extends z.ZodType>(
  def: Omit<RequestDef<T, S, R>, "kind" | "queue" | "timeoutMs"> & {
    queue?: string;
    timeoutMs?: number;
  },
): RequestDef<T, S, R> {
  return {
    kind: "request",
    queue: def.queue ?? def.name,
    timeoutMs: def.timeoutMs ?? 5000,
    ...def,
  };
}

/** Defines a subject stored in a JetStream stream. */
export function defineStreamSubject<const T extends string, S extends z.ZodType>(
  def: Omit<StreamSubjectDef<T, S>, "kind">,
): StreamSubjectDef<T, S> {
  return { kind: "stream", ...def };
}

/** What a stream keeps: everything within limits, or each message until one consumer acks it. */
export const Retention = { Limits: "limits", WorkQueue: "workqueue" } as const;
/** One of the retention policies. */
export type Retention = (typeof Retention)[keyof typeof Retention];

/** A JetStream stream the services provision at start. Only options nats-server 2.9 and ≥ 2.12 both honour. */
export interface StreamDef {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly retention: Retention;
  readonly doc: string;
  readonly maxAgeMs?: number;
  readonly maxBytes?: number;
  readonly maxMsgsPerSubject?: number;
  /** Window in which a repeated `Nats-Msg-Id` is dropped as a duplicate. */
  readonly duplicateWindowMs?: number;
  /** Allow direct gets (needed to read a subject forward by sequence). */
  readonly allowDirect?: boolean;
}

/** A durable pull consumer the services provision at start. */
export interface ConsumerDef {
  readonly stream: string;
  readonly name: string;
  readonly filterSubject?: string;
  readonly ackWaitMs: number;
  readonly maxDeliver: number;
  readonly maxAckPending?: number;
  readonly doc: string;
  /**
   * The durable of the subject before `.v1` (its old name and filter), for one release: provisioned
   * and consumed alongside, so messages old-version publishers leave there are still delivered.
   */
  readonly legacy?: ConsumerDef;
}

/** A KV bucket the services provision at start. */
export interface BucketDef {
  readonly name: string;
  readonly doc: string;
  readonly history?: number;
  /** Age after which an untouched key disappears (whole bucket; per-key TTL is not portable to 2.9). */
  readonly ttlMs?: number;
  readonly maxBytes?: number;
}

/**
 * A JetStream object store (stream `OBJ_<name>`) the services provision at start. Its stream discards
 * new writes when full, so a stored object is never cut short by a later one.
 */
export interface ObjectStoreDef {
  readonly name: string;
  readonly doc: string;
  /** Age after which an object disappears. */
  readonly ttlMs: number;
  /** Most bytes the store holds; a put beyond it is refused. */
  readonly maxBytes: number;
}
