import { readdirSync, readFileSync } from "node:fs";

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** The process and every descendant still running (from /proc/<pid>/task/<tid>/children). */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    const parent = tree[i]!;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        const children = readFileSync(`/proc/${parent}/task/${task}/children`, "utf8");
        for (const child of children.split(" ").filter(Boolean)) tree.push(Number(child));
      } catch {
        // the task ended meanwhile
      }
    }
  }
  return tree;
}

/** RSS of a process and all its descendants in MB, with each one's command name. */
export function treeRss(pid: number): {
  total: number;
  parts: { pid: number; name: string; mb: number }[];
} {
  const parts = processTree(pid).flatMap((p) => {
    try {
      const name = readFileSync(`/proc/${p}/comm`, "utf8").trim();
      return [{ pid: p, name, mb: rssMb(p) }];
    } catch {
      return [];
    }
  });
  return { total: parts.reduce((sum, p) => sum + p.mb, 0), parts };
}

/**
 * Where a process's RSS is: anonymous memory (V8 heap, malloc, wasm) against file-backed pages
 * (the node binary and its libraries, shared with any other node process), from /proc (Linux).
 */
export function rssParts(pid: number): { anonMb: number; fileMb: number } {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? Number.NaN);
  return { anonMb: kb("Anonymous") / 1024, fileMb: (kb("Rss") - kb("Anonymous")) / 1024 };
}

/** V8 heap in use of a clawfleet process, in MB, from the `/metrics` of its health port. */
export async function heapUsedMb(healthPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
  return Number(/^nodejs_heap_used_bytes (\d+)/m.exec(text)?.[1] ?? Number.NaN) / 1048576;
}
