// Progress lines on stderr while the bench runs (stdout carries the report): which suite runs,
// what step it is on and how long it has taken, so a long run is never silent.

let current: { name: string; startedAt: number } | undefined;

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** Marks the start of a suite; later `step` lines name it and count time from here. */
export function suiteStarted(name: string, description: string): void {
  current = { name, startedAt: performance.now() };
  process.stderr.write(`▶ ${name}: ${description}\n`);
}

/** One step inside the running suite, e.g. "3-node cluster: 2000 turns". */
export function step(message: string): void {
  const prefix = current ? `  ${current.name} +${seconds(current.startedAt)}` : "  bench";
  process.stderr.write(`${prefix}: ${message}\n`);
}

/** Marks the end of the running suite with its duration. */
export function suiteDone(failed: boolean): void {
  if (!current) return;
  process.stderr.write(
    `${failed ? "✗" : "✓"} ${current.name} ${failed ? "failed" : "done"} in ${seconds(current.startedAt)}\n`,
  );
  current = undefined;
}
