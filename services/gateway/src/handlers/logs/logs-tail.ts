import { errorMessage } from "@clawfleet/core";
import { LogLines, type Bus } from "@clawfleet/bus";
import * as z from "zod";
import { ErrorCode, GatewayError } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const paramsSchema = z.looseObject({
  cursor: z.number().int().min(0).optional(),
  limit: z.number().int().positive().max(1000).optional(),
  service: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/)
    .optional(),
});

/** A page of log lines and where the next page starts. */
export interface LogsPage {
  cursor: number;
  /** OpenClaw log records, one JSON text per line (see {@link openClawLogLine}). */
  lines: string[];
  entries: {
    seq: number;
    ts: number;
    level: string;
    service: string;
    instance: string;
    msg: string;
  }[];
  truncated: boolean;
  /** True when the cursor pointed at lines the stream no longer holds (some were skipped). */
  reset: boolean;
}

/** Reads the LOGS stream forward from `cursor` (a stream sequence), or its last `limit` lines when no cursor is given. */
export async function readLogs(bus: Bus, params: z.output<typeof paramsSchema>): Promise<LogsPage> {
  const limit = params.limit ?? 200;
  const logs = bus.stream(LogLines);
  const state = await logs.info();
  const first = Math.max(1, state.firstSeq);
  let from =
    params.cursor === undefined ? Math.max(first, state.lastSeq - limit + 1) : params.cursor + 1;
  const reset = params.cursor !== undefined && from < first;
  if (from < first) from = first;
  if (state.messages === 0 || from > state.lastSeq)
    return {
      cursor: Math.max(params.cursor ?? 0, state.lastSeq),
      lines: [],
      entries: [],
      truncated: false,
      reset,
    };
  const read = await logs.read(params.service ? { service: params.service } : {}, {
    fromSeq: from,
    limit,
  });
  const lastRead = read.at(-1)?.seq ?? 0;
  // A full page that stopped short of the stream's end: call again with the cursor for more.
  const truncated = read.length === limit && lastRead < state.lastSeq;
  const cursor = truncated ? lastRead : Math.max(state.lastSeq, lastRead);
  return {
    cursor,
    truncated,
    reset,
    lines: read.map((entry) => openClawLogLine(entry.data)),
    entries: read.map(({ seq, data }) => ({
      seq,
      ts: data.ts,
      level: data.level,
      service: data.service,
      instance: data.instance,
      msg: data.msg,
    })),
  };
}

/**
 * One stored line as OpenClaw's log record (`time` ISO, `level`, `subsystem`, `message`), so its
 * CLI and Control UI render it; clawfleet's own fields (service, instance, trace…) stay alongside.
 */
export function openClawLogLine(data: {
  ts: number;
  level: string;
  service: string;
  msg: string;
  [key: string]: unknown;
}): string {
  const { ts, level, msg, service, subsystem, ...rest } = data;
  return JSON.stringify({
    time: new Date(ts).toISOString(),
    level,
    subsystem: typeof subsystem === "string" ? `${service}/${subsystem}` : service,
    message: msg,
    service,
    ...rest,
  });
}

/** `logs.tail`: structured log lines of every service from the LOGS stream. */
export function logsTailMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("logs.tail", Scope.Read, paramsSchema, async (params) => {
    try {
      return await readLogs(deps.bus, params);
    } catch (error) {
      throw new GatewayError(
        ErrorCode.Unavailable,
        `could not read the LOGS stream: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  });
}
