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
