import type * as z from "zod";
import type { StreamSubjectDef } from "../catalogue/define.js";
import type { Bus } from "../core/bus.js";
import type { SubjectParams } from "../core/subject-template.js";
import type { StoredEntry } from "./stream-handle.js";

/**
 * Reads the messages of one subject (or, with missing parameters, a wildcard) forward from
 * `fromSeq`; the same as `bus.stream(def).read(params, options)`.
 */
export function readSubject<T extends string, S extends z.ZodType>(
  bus: Bus,
  def: StreamSubjectDef<T, S>,
  params: Partial<SubjectParams<T>>,
  options: { fromSeq?: number; limit?: number } = {},
): Promise<StoredEntry<z.output<S>>[]> {
  return bus.stream(def).read(params, options);
}

/** The last message stored on one subject, if any; the same as `bus.stream(def).last(params)`. */
export function lastOnSubject<T extends string, S extends z.ZodType>(
  bus: Bus,
  def: StreamSubjectDef<T, S>,
  params: SubjectParams<T>,
): Promise<StoredEntry<z.output<S>> | undefined> {
  return bus.stream(def).last(params);
}
