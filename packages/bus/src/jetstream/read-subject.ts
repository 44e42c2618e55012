import type * as z from "zod";
import type { StreamSubjectDef } from "../catalogue/define.js";
import type { Bus } from "../core/bus.js";
import { decodePayload } from "../core/codec.js";
import { fillSubject, subjectPattern, type SubjectParams } from "../core/subject-template.js";

/** A message read back from a stream. */
export interface StoredEntry<T> {
  seq: number;
  subject: string;
  /** Milliseconds since the epoch when the stream stored it. */
  time: number;
  data: T;
}

/**
 * Reads the messages of one subject (or, with missing parameters, a wildcard) forward from
 * `fromSeq`, using direct gets. Entries that no longer match the schema are skipped.
 */
export async function readSubject<T extends string, S extends z.ZodType>(
  bus: Bus,
  def: StreamSubjectDef<T, S>,
  params: Partial<SubjectParams<T>>,
  options: { fromSeq?: number; limit?: number } = {},
): Promise<StoredEntry<z.output<S>>[]> {
  const jsm = await bus.jsm();
  const filter = subjectPattern(def.subject, params as Record<string, string>);
  const limit = options.limit ?? 1000;
  const out: StoredEntry<z.output<S>>[] = [];
  let seq = Math.max(1, options.fromSeq ?? 1);
  while (out.length < limit) {
    const stored = await jsm.direct.getMessage(def.stream, { seq, next_by_subj: filter });
    if (!stored) break;
    seq = stored.seq + 1;
    try {
      out.push({
        seq: stored.seq,
        subject: stored.subject,
        time: stored.time.getTime(),
        data: decodePayload(def.schema, stored.subject, stored.data),
      });
    } catch {
      // written under an older schema; skip it
    }
  }
  return out;
}

/** The last message stored on one subject, if any. */
export async function lastOnSubject<T extends string, S extends z.ZodType>(
  bus: Bus,
  def: StreamSubjectDef<T, S>,
  params: SubjectParams<T>,
): Promise<StoredEntry<z.output<S>> | undefined> {
  const jsm = await bus.jsm();
  const subject = fillSubject(def.subject, params);
  const stored = await jsm.direct.getMessage(def.stream, { last_by_subj: subject });
  if (!stored) return undefined;
  return {
    seq: stored.seq,
    subject: stored.subject,
    time: stored.time.getTime(),
    data: decodePayload(def.schema, stored.subject, stored.data),
  };
}
