import assert from "node:assert/strict";
import { test } from "node:test";
import { niceCeil, renderChart } from "./svg-chart.js";

/** Fails unless `svg` is well-formed XML: balanced tags, quoted attributes, escaped text. */
function assertWellFormed(svg: string): void {
  const open: string[] = [];
  let roots = 0;
  for (const [token] of svg.matchAll(/<[^>]*>|[^<]+/g)) {
    if (!token.startsWith("<")) {
      assert.doesNotMatch(token, /&(?!(amp|lt|gt|quot|#39);)/, `raw & in ${token}`);
      assert.ok(!token.includes(">"), `raw > in ${token}`);
      continue;
    }
    const close = /^<\/([a-z]+)>$/.exec(token);
    if (close) {
      assert.equal(open.pop(), close[1], `unbalanced ${token}`);
      continue;
    }
    assert.match(
      token,
      /^<[a-z]+(\s+[a-z][a-z0-9:-]*="[^"<&]*(&(amp|lt|gt|quot|#39);[^"<&]*)*")*\s*\/?>$/i,
    );
    if (open.length === 0) roots++;
    if (!token.endsWith("/>")) open.push(/^<([a-z]+)/.exec(token)![1]!);
  }
  assert.deepEqual(open, [], "unclosed tags");
  assert.equal(roots, 1, "one root element");
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
}

const barWidths = (svg: string) =>
  [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="16" fill="(#\w+)"/g)].map(
    (m) => ({ width: Number(m[1]), fill: m[2] }),
  );

test("bars are well-formed SVG whose lengths are proportional to the values; a missed budget is red", () => {
  const svg = renderChart({
    kind: "bar",
    title: "latency",
    unit: "ms",
    bars: [
      { label: "p50", value: 50 },
      { label: "p99", value: 100, pass: false },
      { label: "p90", value: 25, pass: true },
    ],
  });
  assertWellFormed(svg);
  const [p50, p99, p90] = barWidths(svg);
  assert.ok(p50 && p99 && p90);
  assert.ok(Math.abs(p50.width / p99.width - 0.5) < 0.01, `${p50.width} vs ${p99.width}`);
  assert.ok(Math.abs(p90.width / p99.width - 0.25) < 0.01);
  assert.notEqual(p99.fill, p50.fill);
  assert.equal(p90.fill, p50.fill);
  assert.match(svg, />100 ms</);
});

test("titles, labels and series names are escaped", () => {
  const nasty = `<script>alert("x")</script> & 'q'`;
  for (const chart of [
    renderChart({ kind: "bar", title: nasty, unit: "<u>", bars: [{ label: nasty, value: 1 }] }),
    renderChart({
      kind: "line",
      title: nasty,
      xLabel: nasty,
      unit: "&",
      series: [{ name: "<s>", points: [[0, 1]] }],
    }),
  ]) {
    assertWellFormed(chart);
    assert.ok(!chart.includes("<script"), chart);
    assert.match(chart, /&lt;script&gt;alert\(&quot;x&quot;\)/);
  }
});

test("lines map the largest value to the top of the plot and zero to its bottom, x in proportion", () => {
  const svg = renderChart({
    kind: "line",
    title: "RSS",
    xLabel: "s",
    unit: "MB",
    series: [
      {
        name: "all",
        points: [
          [0, 0],
          [50, 50],
          [100, 100],
        ],
      },
    ],
  });
  assertWellFormed(svg);
  const points = /<polyline points="([^"]+)"/
    .exec(svg)![1]!
    .split(" ")
    .map((p) => p.split(",").map(Number) as [number, number]);
  const [a, b, c] = points;
  assert.ok(a && b && c);
  assert.ok(c[1] < a[1], "larger values are higher");
  assert.ok(Math.abs(b[0] - (a[0] + c[0]) / 2) < 0.1, "x in proportion");
  assert.ok(Math.abs(b[1] - (a[1] + c[1]) / 2) < 0.1, "y in proportion");
});

test("axis ends are round numbers at or above the largest value; empty or zero data still renders", () => {
  assert.equal(niceCeil(87), 100);
  assert.equal(niceCeil(120), 120);
  assert.equal(niceCeil(121), 150);
  assert.equal(niceCeil(0.3), 0.3);
  assert.equal(niceCeil(0), 1);
  for (const svg of [
    renderChart({ kind: "bar", title: "none", unit: "ms", bars: [{ label: "zero", value: 0 }] }),
    renderChart({ kind: "line", title: "none", xLabel: "s", unit: "MB", series: [] }),
  ]) {
    assertWellFormed(svg);
    assert.doesNotMatch(svg, /NaN|Infinity/);
  }
});
