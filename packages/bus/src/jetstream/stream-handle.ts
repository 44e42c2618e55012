import type { StoredMsg } from "@nats-io/jetstream";
import type * as z from "zod";
import type { StreamSubjectDef } from "../catalogue/define.js";
import { Streams } from "../catalogue/resources.js";
import { natsHandles, type Bus } from "../core/bus.js";
import type { PublishAck } from "../core/bus-types.js";
import { decodePayload } from "../core/codec.js";
import { BusError, BusErrorCode } from "../errors.js";
import { fillSubject, subjectPattern, type SubjectParams } from "../core/subject-template.js";
import { subjectTemplates } from "../core/subject-versions.js";
import { readAllFrom } from "./read-all.js";
import { consumeWork, type WorkQueueHandle, type WorkQueueOptions } from "./work-queue.js";

/** A message read back from a stream. */
export interface StoredEntry<T> {
  seq: number;
  subject: string;
  /** Milliseconds since the epoch when the stream stored it. */
  time: number;
  data: T;
}

/** A stored message whose payload no longer matches the schema, as raw bytes. */
export interface InvalidEntry {
  seq: number;
  subject: string;
  data: Uint8Array;
  error: unknown;
}

/** Entries read forward and the highest sequence looked at (invalid entries included). */
export interface StoredPage<T> {
  entries: StoredEntry<T>[];
  /** Highest sequence read, valid or not (0 when nothing). */
  throughSeq: number;
}

/** Options of {@link StreamHandle.read}. */
export interface ReadOptions {
  /** First sequence to look at (default 1). */
  fromSeq?: number;
  /** At most this many valid entries (default 1000). */
  limit?: number;
  /** Called for each entry that does not match the schema (skipped either way). */
  onInvalid?: (entry: InvalidEntry) => void | Promise<void>;
  /**
   * Reads through the stream's leader (`STREAM.MSG.GET`) instead of direct gets, which any replica
   * answers from its own store — one behind the leader (after a leader change, under load) does not
   * have every acknowledged message yet. Slower; for when a direct read came up short.
   */
  fromLeader?: boolean;
}

/** The state of the whole stream. */
export interface StreamState {
  messages: number;
  firstSeq: number;
  lastSeq: number;
  /** Consumers the stream has now (durable and ephemeral). */
  consumers: number;
}

/**
 * A typed handle on the stream that stores one catalogue subject, the stream counterpart of a
 * typed KV bucket. Subject parameters left out match any token.
 */
export class StreamHandle<T extends string, S extends z.ZodType> {
  /** Whether the catalogue provisions the stream with direct gets (fast reads, no API round trip). */
  readonly #direct: boolean;

  constructor(
    private readonly bus: Bus,
    readonly def: StreamSubjectDef<T, S>,
  ) {
    this.#direct = Object.values(Streams).some(
      (stream) => stream.name === def.stream && "allowDirect" in stream && stream.allowDirect,
    );
  }

  /** Stores a message (optionally deduplicated by `msgID`); resolves once JetStream stored it. */
  publish(
    params: SubjectParams<T>,
    payload: z.input<S>,
    options: { msgID?: string; timeoutMs?: number } = {},
  ): Promise<PublishAck> {
    return this.bus.jsPublish(this.def, params, payload, options);
  }

  /**
   * Publishes without waiting for the stream's ack (nothing is sent while the bus is closing);
   * false when nothing was sent, the payload not matching the schema included.
   */
  send(params: SubjectParams<T>, payload: z.input<S>): boolean {
    if (!this.bus.isOpen()) return false;
    const parsed = this.def.schema.safeParse(payload);
    if (!parsed.success) return false;
    natsHandles(this.bus).nc.publish(
      fillSubject(this.def.subject, params),
      new TextEncoder().encode(JSON.stringify(parsed.data)),
    );
    return true;
  }

  /** Reads forward from `fromSeq` with direct gets; entries that no longer match the schema are skipped. */
  async read(
    params: Partial<SubjectParams<T>>,
    options: ReadOptions = {},
  ): Promise<StoredEntry<z.output<S>>[]> {
    return (await this.readPage(params, options)).entries;
  }

  /** Like {@link read}, and says how far it looked (so a caller can step over invalid entries). */
  async readPage(
    params: Partial<SubjectParams<T>>,
    options: ReadOptions = {},
  ): Promise<StoredPage<z.output<S>>> {
    if (!this.#direct && !options.fromLeader)
      throw new BusError(
        BusErrorCode.Internal,
        `stream ${this.def.stream} is not provisioned with direct gets: it cannot be read forward`,
      );
    const jsm = await natsHandles(this.bus).jsm();
    const filters = this.#patterns(params);
    const limit = options.limit ?? 1000;
    const entries: StoredEntry<z.output<S>>[] = [];
    const from = Math.max(1, options.fromSeq ?? 1);
    // One cursor per subject version (current, legacy), merged by sequence; a cursor is fetched
    // only when its next message is needed (undefined), null once its subject has no more.
    const cursors: (StoredMsg | null | undefined)[] = filters.map(() => undefined);
    const nextSeq = filters.map(() => from);
    let throughSeq = 0;
    while (entries.length < limit) {
      await Promise.all(
        cursors.map(async (cursor, i) => {
          if (cursor !== undefined) return;
          const query = { seq: nextSeq[i]!, next_by_subj: filters[i]! };
          cursors[i] = options.fromLeader
            ? // STREAM.MSG.GET takes next_by_subj too (nats-server ≥ 2.9); nats.js types only seq/last_by_subj.
              await jsm.streams.getMessage(this.def.stream, query as unknown as { seq: number })
            : await jsm.direct.getMessage(this.def.stream, query);
        }),
      );
      let pick = -1;
      for (let i = 0; i < cursors.length; i++)
        if (cursors[i] && (pick < 0 || cursors[i]!.seq < cursors[pick]!.seq)) pick = i;
      if (pick < 0) break;
      const stored = cursors[pick]!;
      cursors[pick] = undefined;
      nextSeq[pick] = stored.seq + 1;
      throughSeq = stored.seq;
      try {
        entries.push(this.#entry(stored));
      } catch (error) {
        // written under an older schema, or not by us: skipped
        await options.onInvalid?.({
          seq: stored.seq,
          subject: stored.subject,
          data: stored.data,
          error,
        });
      }
    }
    return { entries, throughSeq };
  }

  /**
   * Reads every entry from `fromSeq` in a few round trips through a short-lived ephemeral consumer
   * (direct gets cost one round trip each); entries that no longer match the schema are skipped.
   */
  async readAll(
    params: Partial<SubjectParams<T>>,
    options: { fromSeq?: number } = {},
  ): Promise<StoredEntry<z.output<S>>[]> {
    const reads = await Promise.all(
      this.#patterns(params).map((filter) =>
        readAllFrom(this.bus, this.def, filter, options.fromSeq ?? 1),
      ),
    );
    return reads.length === 1 ? reads[0]! : reads.flat().sort((a, b) => a.seq - b.seq);
  }

  /** The last message stored on one subject, if any; throws when it does not match the schema. */
  async last(params: SubjectParams<T>): Promise<StoredEntry<z.output<S>> | undefined> {
    const stored = await this.#lastStored(params);
    if (!stored) return undefined;
    return this.#entry(stored);
  }

  /**
   * The message stored at `seq` (on any subject of the stream), through the JetStream API so it
   * works on streams without direct gets; undefined when the stream no longer holds it.
   */
  async get(seq: number): Promise<StoredEntry<z.output<S>> | undefined> {
    const jsm = await natsHandles(this.bus).jsm();
    const stored = await jsm.streams.getMessage(this.def.stream, { seq });
    if (!stored) return undefined;
    return this.#entry(stored);
  }

  /** The sequence of the last message on one subject (0 when none), without decoding it. */
  async lastSeq(params: SubjectParams<T>): Promise<number> {
    return (await this.#lastStored(params))?.seq ?? 0;
  }

  /** Removes the messages on the matching subjects, only those below `keepFromSeq` when given. */
  async purge(
    params: Partial<SubjectParams<T>>,
    options: { keepFromSeq?: number } = {},
  ): Promise<number> {
    const jsm = await natsHandles(this.bus).jsm();
    let purged = 0;
    for (const filter of this.#patterns(params)) {
      const response = await jsm.streams.purge(
        this.def.stream,
        options.keepFromSeq === undefined ? { filter } : { filter, seq: options.keepFromSeq },
      );
      purged += response.purged;
    }
    return purged;
  }

  /** The state of the whole stream: message count, first and last sequence, consumers. */
  async info(): Promise<StreamState> {
    const jsm = await natsHandles(this.bus).jsm();
    const { state } = await jsm.streams.info(this.def.stream);
    return {
      messages: state.messages,
      firstSeq: state.first_seq,
      lastSeq: state.last_seq,
      consumers: state.consumer_count,
    };
  }

  /** How many messages the stream holds on the matching subjects. */
  async count(params: Partial<SubjectParams<T>> = {}): Promise<number> {
    const jsm = await natsHandles(this.bus).jsm();
    let count = 0;
    for (const filter of this.#patterns(params)) {
      const { state } = await jsm.streams.info(this.def.stream, { subjects_filter: filter });
      count += Object.values(state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
    }
    return count;
  }

  /**
   * Sees each message on the matching subjects as it is published: a core subscription, so
   * nothing is acked or taken from the stream, and what is published while disconnected is missed.
   * Payloads that do not match the schema are skipped. Returns the function that stops it.
   */
  tap(
    params: Partial<SubjectParams<T>>,
    onMessage: (data: z.output<S>, subject: string) => void,
  ): () => void {
    const subs = this.#patterns(params).map((filter) =>
      natsHandles(this.bus).nc.subscribe(filter, {
        callback: (error, msg) => {
          if (error) return;
          let data: z.output<S>;
          try {
            data = decodePayload(this.def.schema, msg.subject, msg.data);
          } catch {
            return; // not ours to judge: the stream's consumer dead-letters it
          }
          onMessage(data, msg.subject);
        },
      }),
    );
    return () => subs.forEach((sub) => sub.unsubscribe());
  }

  /** Consumes a durable work-queue consumer of this subject (see {@link consumeWork}). */
  consume(options: Omit<WorkQueueOptions<T, S>, "subject">): WorkQueueHandle {
    return consumeWork(this.bus, { ...options, subject: this.def });
  }

  /** A stored message decoded against the schema (a PayloadError when it does not match). */
  #entry(stored: StoredMsg): StoredEntry<z.output<S>> {
    return {
      seq: stored.seq,
      subject: stored.subject,
      time: stored.time.getTime(),
      data: decodePayload(this.def.schema, stored.subject, stored.data),
    };
  }

  /** The newest message on the subject, under its current or (for one release) legacy template. */
  async #lastStored(params: SubjectParams<T>): Promise<StoredMsg | null> {
    const jsm = await natsHandles(this.bus).jsm();
    const found = await Promise.all(
      subjectTemplates(this.def).map((template) => {
        const query = { last_by_subj: fillSubject(template, params) };
        return this.#direct
          ? jsm.direct.getMessage(this.def.stream, query)
          : jsm.streams.getMessage(this.def.stream, query);
      }),
    );
    return found.reduce<StoredMsg | null>(
      (newest, msg) => (msg && (!newest || msg.seq > newest.seq) ? msg : newest),
      null,
    );
  }

  /** The subject filters of `params`: the current template's, then the legacy one's (for one release). */
  #patterns(params: Partial<SubjectParams<T>>): string[] {
    return subjectTemplates(this.def).map((template) =>
      subjectPattern(template, params as Record<string, string>),
    );
  }
}
