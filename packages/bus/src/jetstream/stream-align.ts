import type { JetStreamManager, StreamConfig } from "@nats-io/jetstream";
import type { ProvisionReport } from "./provision.js";

/** Whether a server-side setting equals the wanted one (arrays by value; unset counts as `false`). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if ((a === undefined || a === false) && b === false) return true;
  return a === b;
}

/**
 * Brings an existing stream in line with the settings wanted of it (everything else kept) and
 * reports it as updated, naming what changed, or as unchanged.
 */
export async function alignStream(
  jsm: JetStreamManager,
  name: string,
  current: StreamConfig,
  wanted: Partial<StreamConfig>,
  report: ProvisionReport,
): Promise<void> {
  const differs = (Object.keys(wanted) as (keyof StreamConfig)[]).filter(
    (key) => !sameValue(current[key], wanted[key]),
  );
  if (differs.length === 0) {
    report.unchanged.push(name);
    return;
  }
  await jsm.streams.update(name, { ...current, ...wanted });
  report.updated.push(`${name} (${differs.join(", ")})`);
}
