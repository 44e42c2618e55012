/** Automatic session reset modes (`session.reset.mode`). */
export const SessionResetModes = ["daily", "idle"] as const;

/** One of the reset modes. */
export type SessionResetMode = (typeof SessionResetModes)[number];

/** The `session.reset` config slice. */
export interface SessionResetConfig {
  mode?: SessionResetMode;
  atHour?: number;
  idleMinutes?: number;
}

/** Hour of the daily reset when `atHour` is unset (OpenClaw: 4 AM). */
export const DEFAULT_RESET_AT_HOUR = 4;

/** Idle window when `mode: idle` has no `idleMinutes` (OpenClaw: 60). */
export const DEFAULT_IDLE_MINUTES = 60;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Timestamps of the session being resumed (ms since epoch). */
export interface SessionActivity {
  updatedAt?: number;
  createdAt?: number;
}

/** Whether the session must start fresh, and which rule said so at which instant. */
export type SessionResetDecision =
  { reset: false } | { reset: true; reason: SessionResetMode; expiredAt: number };

/** Parameters of {@link evaluateSessionReset}. */
export interface SessionResetInput {
  reset?: SessionResetConfig;
  session: SessionActivity;
  now: number;
  /**
   * Offset of the clock `atHour` is read on, in minutes east of UTC (default 0 = UTC). OpenClaw
   * reads `atHour` in the gateway host's local time; pass `-new Date(now).getTimezoneOffset()`
   * to reproduce that.
   */
  utcOffsetMinutes?: number;
}

function clampHour(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return DEFAULT_RESET_AT_HOUR;
  return Math.min(23, Math.max(0, Math.floor(value)));
}

/** The most recent daily reset instant at or before `now` (`atHour`:00 on the offset clock). */
export function dailyResetBoundary(now: number, atHour?: number, utcOffsetMinutes = 0): number {
  const offsetMs = utcOffsetMinutes * MINUTE_MS;
  const local = now + offsetMs;
  let boundary = Math.floor(local / DAY_MS) * DAY_MS + clampHour(atHour) * HOUR_MS;
  if (local < boundary) boundary -= DAY_MS;
  return boundary - offsetMs;
}

function resolveMode(reset: SessionResetConfig | undefined): SessionResetMode | undefined {
  if (!reset) return undefined;
  if (reset.mode) return reset.mode;
  if (reset.idleMinutes !== undefined) return "idle";
  return reset.atHour !== undefined ? "daily" : undefined;
}

/**
 * Decides whether a session must start fresh before handling new input. No `session.reset`
 * means sessions live until `/new` or `/reset` (OpenClaw's current default). `daily` resets once
 * the last activity is older than the latest `atHour` boundary; `idle` once `idleMinutes` have
 * passed since the last activity; `daily` with `idleMinutes` resets on whichever comes first.
 * The last activity is `updatedAt`, else `createdAt`; a session with neither is left alone.
 */
export function evaluateSessionReset(input: SessionResetInput): SessionResetDecision {
  const mode = resolveMode(input.reset);
  const last = input.session.updatedAt ?? input.session.createdAt;
  if (mode === undefined || last === undefined) return { reset: false };
  const candidates: { reason: SessionResetMode; expiredAt: number }[] = [];
  if (mode === "daily") {
    const boundary = dailyResetBoundary(input.now, input.reset?.atHour, input.utcOffsetMinutes);
    if (last < boundary) candidates.push({ reason: "daily", expiredAt: boundary });
  }
  const idleRaw = input.reset?.idleMinutes ?? (mode === "idle" ? DEFAULT_IDLE_MINUTES : undefined);
  if (idleRaw !== undefined && Number.isFinite(idleRaw)) {
    const expiredAt = last + Math.max(1, Math.floor(idleRaw)) * MINUTE_MS;
    if (input.now > expiredAt) candidates.push({ reason: "idle", expiredAt });
  }
  candidates.sort((a, b) => a.expiredAt - b.expiredAt);
  const first = candidates[0];
  return first ? { reset: true, ...first } : { reset: false };
}
