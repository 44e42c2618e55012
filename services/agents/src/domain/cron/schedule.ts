import type { CronSchedule } from "@clawfleet/bus";
import { Cron } from "croner";
import { errorMessage } from "@clawfleet/core";

/** Why a schedule cannot run (`field: message`), or undefined when it is valid. */
export function scheduleProblem(schedule: CronSchedule): string | undefined {
  if (schedule.kind !== "cron") return undefined;
  if (schedule.tz) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: schedule.tz });
    } catch {
      return `schedule.tz: unknown time zone "${schedule.tz}" (an IANA name such as Europe/Rome)`;
    }
  }
  try {
    const cron = new Cron(schedule.expr, { timezone: schedule.tz, paused: true });
    if (!cron.nextRun()) return `schedule.expr: "${schedule.expr}" never runs again`;
  } catch (error) {
    return `schedule.expr: invalid cron expression "${schedule.expr}": ${errorMessage(error)}`;
  }
  return undefined;
}

/**
 * The first due time strictly after `afterMs`, or undefined when the schedule is over. `at` is due
 * once at its time (a past time is due at once: it fires late rather than never); `every` counts from
 * its anchor (default: when the job was created); `cron` follows the expression in its time zone.
 */
export function nextDue(
  schedule: CronSchedule,
  afterMs: number,
  createdAtMs: number,
): number | undefined {
  switch (schedule.kind) {
    case "at":
      return undefined;
    case "every": {
      const anchor = schedule.anchorMs ?? createdAtMs;
      if (afterMs < anchor) return anchor;
      return anchor + (Math.floor((afterMs - anchor) / schedule.everyMs) + 1) * schedule.everyMs;
    }
    case "cron":
      return new Cron(schedule.expr, { timezone: schedule.tz, paused: true })
        .nextRun(new Date(afterMs))
        ?.getTime();
  }
}

/** A job's first due time when it is created or rescheduled at `nowMs`. */
export function firstDue(schedule: CronSchedule, nowMs: number, createdAtMs: number) {
  if (schedule.kind === "at") return schedule.atMs;
  if (schedule.kind === "every" && schedule.anchorMs === undefined) return nowMs + schedule.everyMs;
  return nextDue(schedule, nowMs, createdAtMs);
}

/** Milliseconds of a duration like `30m`, `1h`, `45s`, `500ms`. */
export function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  if (!match) return NaN;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as "ms" | "s" | "m" | "h"];
  return Number(match[1]) * unit;
}
