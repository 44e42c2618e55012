import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { atMost, info, writeReport } from "./report.js";

test("each suite's table is followed by links to its SVG charts: its own, else one per shared unit", () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-report-"));
  const { markdown, path } = writeReport(dir, {
    "all-footprint": {
      description: "RSS",
      metrics: {
        "idle RSS": atMost(84, "MB", 120),
        "peak RSS": atMost(230, "MB", 200),
        "turns/s during the load": info(40, "turns/s"),
      },
    },
    cluster: {
      description: "kills",
      metrics: {
        "resume (median)": atMost(3000, "ms", 10_000),
        "resume (worst)": info(4000, "ms"),
      },
      charts: [
        {
          kind: "line",
          title: "resume per kill",
          xLabel: "kill",
          unit: "ms",
          series: [
            {
              name: "resume",
              points: [
                [1, 3000],
                [2, 4000],
              ],
            },
          ],
        },
      ],
    },
  });
  const sections = markdown.split("\n## ").slice(1);
  const links = sections.map((section) =>
    [...section.matchAll(/!\[([^\]]*)\]\(([^)]+\.svg)\)/g)].map((m) => ({
      title: m[1],
      file: m[2]!,
      afterTable: m.index > section.lastIndexOf("\n| "),
    })),
  );
  assert.deepEqual(
    links.map((l) => l.map((c) => c.title)),
    [["all-footprint (MB)"], ["resume per kill"]],
    "a bar chart for the two MB figures (none for the lone turns/s); the suite's own chart only",
  );
  assert.ok(links.flat().every((l) => l.afterTable));
  const bars = readFileSync(join(dir, links[0]![0]!.file), "utf8");
  assert.match(bars, /^<svg /);
  assert.match(bars, />peak RSS</);
  assert.match(bars, />230 MB</);
  assert.match(readFileSync(join(dir, links[1]![0]!.file), "utf8"), /<polyline /);
  assert.equal(readFileSync(path, "utf8"), markdown);
  assert.equal(readFileSync(join(dir, "latest.md"), "utf8"), markdown);
  assert.ok(existsSync(path.replace(/\.md$/, ".json")));
});
