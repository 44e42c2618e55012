import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runServices, type HostHandle } from "@clawfleet/runtime";
import { voiceService } from "@clawfleet/voice";
import { errorMessage } from "@clawfleet/core";

export { freePort } from "@clawfleet/testkit";

/** A voice service running in this test process, with its log lines captured. */
export interface VoiceHost {
  readonly handle: HostHandle;
  /** Every log line (JSON) at the host's level. */
  readonly lines: string[];
  stop(): Promise<number>;
}

/** A TCP port nobody listens on right now. */
/** Writes an openclaw.json with `plugins.entries.voice-call` = `{enabled: true, config}` into a fresh state dir. */
export function writeVoiceConfig(
  config: Record<string, unknown>,
  enabled = true,
): { stateDir: string; file: string } {
  const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-voice-"));
  const file = join(stateDir, "openclaw.json");
  writeFileSync(
    file,
    JSON.stringify({ plugins: { entries: { "voice-call": { enabled, config } } } }, null, 2),
  );
  return { stateDir, file };
}

/** Starts the voice service in-process (like `clawfleet voice`) and waits until it is ready. */
export async function startVoiceHost(env: Record<string, string | undefined>): Promise<VoiceHost> {
  const lines: string[] = [];
  const handle = runServices({
    processName: "voice",
    services: [{ definition: voiceService, options: {} }],
    env: { HEALTH_PORT: "0", LOG_LEVEL: "info", LOG_FORMAT: "json", ...env },
    version: "test",
    isTerminal: false,
  });
  handle.logger.addSink((_record, line) => lines.push(line));
  const port = await handle.healthPort;
  const deadline = Date.now() + 15_000;
  while (
    !(await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline) throw new Error(`voice not ready:\n${lines.slice(-20).join("\n")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // The host logs "ready" once every service started; readiness can come a moment earlier.
  while (!lines.some((line) => line.includes("ready: voice"))) {
    if (Date.now() > deadline)
      throw new Error(`voice did not start:\n${lines.slice(-20).join("\n")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { handle, lines, stop: () => handle.shutdown("test done") };
}

/** Polls `check` until it returns a value (not undefined/false) or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what} not met within ${timeoutMs} ms${last ? `: ${errorMessage(last)}` : ""}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}
