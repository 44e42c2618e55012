/** A job's schedule as `cron.list` returns it. */
export type CronScheduleRow =
  | { kind: "at"; atMs: number }
  | { kind: "every"; everyMs: number; anchorMs?: number }
  | { kind: "cron"; expr: string; tz?: string };

/** One job as `cron.list` returns it (the bus model in KV `cron-jobs`). */
export interface CronJobRow {
  id: string;
  agentId: string;
  name?: string;
  enabled: boolean;
  schedule: CronScheduleRow;
  sessionTarget: "main" | "isolated";
  payload: { kind: "systemEvent"; text: string } | { kind: "agentTurn"; message: string };
  delivery?: { channel: string; to: string; accountId?: string; kind?: string };
  state: {
    nextRunAtMs?: number;
    lastRunAtMs?: number;
    lastStatus?: "fired" | "skipped" | "error";
    lastError?: string;
    runs?: number;
  };
}

/** One run as `cron.runs` returns it. */
export interface CronRunRow {
  jobId: string;
  dueAtMs: number;
  status: "claimed" | "fired" | "skipped";
  claimedBy: string;
  claimedAtMs: number;
  firedAtMs?: number;
  sessionKey?: string;
  manual?: boolean;
  note?: string;
}

const UNITS: [number, string][] = [
  [86_400_000, "day"],
  [3_600_000, "hour"],
  [60_000, "minute"],
  [1000, "second"],
];

/** An interval in words: "every 30 minutes", "every hour". */
export function everyInWords(ms: number): string {
  for (const [size, unit] of UNITS) {
    if (ms % size === 0) {
      const n = ms / size;
      return n === 1 ? `every ${unit}` : `every ${n} ${unit}s`;
    }
  }
  return `every ${ms} ms`;
}

/** A schedule as a person reads it: interval in words, one-shot time, or the expression with its zone. */
export function scheduleInWords(schedule: CronScheduleRow): string {
  switch (schedule.kind) {
    case "at":
      return `once at ${new Date(schedule.atMs).toLocaleString()}`;
    case "every":
      return everyInWords(schedule.everyMs);
    case "cron":
      return `cron ${schedule.expr} (${schedule.tz ?? "UTC"})`;
  }
}

/** Where a job's runs go: its session and, when set, the channel target its reply is delivered to. */
export function jobTargetInWords(job: CronJobRow): string {
  const session = job.sessionTarget === "main" ? "main session" : "own session";
  const delivery = job.delivery ? ` → ${job.delivery.channel}:${job.delivery.to}` : "";
  return `${job.agentId} · ${session}${delivery}`;
}

/** The form fields a gateway error can be about, keyed by the path the gateway names. */
const FIELD_OF_PATH: Record<string, string> = {
  "schedule.expr": "expr",
  "schedule.tz": "tz",
  "schedule.atMs": "at",
  "schedule.at": "at",
  "schedule.everyMs": "every",
  "payload.message": "message",
  "payload.text": "message",
  "delivery.channel": "channel",
  "delivery.to": "to",
  "delivery.accountId": "accountId",
  agentId: "agentId",
  name: "name",
};

/**
 * Splits a gateway error ("invalid cron.add params: schedule.expr: …; name: …" or the agents'
 * "schedule.expr: invalid cron expression …") into messages per form field; what names no field
 * lands under "form".
 */
export function fieldErrors(message: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = message.replace(/^invalid (?:[\w.]+ )?params: /, "");
  for (const part of body.split("; ")) {
    const match = /^([\w.]+): (.*)$/s.exec(part.trim());
    const field = match ? FIELD_OF_PATH[match[1]!] : undefined;
    if (field && match) out[field] = out[field] ? `${out[field]}; ${match[2]}` : match[2]!;
    else out.form = out.form ? `${out.form}; ${part}` : part;
  }
  return out;
}
