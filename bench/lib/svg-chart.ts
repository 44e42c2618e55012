// A small dependency-free SVG renderer for the bench report: horizontal bars (one figure per
// row, e.g. latency percentiles) and lines (a figure over time or over a count, e.g. RSS).

/** One bar: a label, its value and, when it has a budget, whether it met it. */
export interface Bar {
  label: string;
  value: number;
  pass?: boolean | undefined;
}

/** Horizontal bars on one scale from zero. */
export interface BarChart {
  kind: "bar";
  title: string;
  unit: string;
  bars: Bar[];
}

/** One line: points as [x, y]. */
export interface Series {
  name: string;
  points: [number, number][];
}

/** Lines on shared axes from zero. */
export interface LineChart {
  kind: "line";
  title: string;
  xLabel: string;
  unit: string;
  series: Series[];
}

/** A chart a suite can add to its report. */
export type Chart = BarChart | LineChart;

const WIDTH = 640;
const FONT = 12;
/** Average glyph width of the sans-serif font at FONT px, for laying out labels. */
const GLYPH = 6.6;
const COLOURS = ["#3b6fb6", "#e07b39", "#4a9a5b", "#8a5bb0", "#c44e52"];
const FAIL = "#c44e52";

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at or above `value`: an axis end that reads well. */
export function niceCeil(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step =
    [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * magnitude >= value * (1 - 1e-9)) ?? 10;
  return Number((step * magnitude).toPrecision(12));
}

/** Renders a chart as a standalone SVG document. */
export function renderChart(chart: Chart): string {
  return chart.kind === "bar" ? renderBars(chart) : renderLines(chart);
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function text(x: number, y: number, content: string, extra = ""): string {
  return `<text x="${x}" y="${y}"${extra}>${escapeXml(content)}</text>`;
}

function svg(height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="${FONT}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    text(8, 18, title, ' font-weight="bold"'),
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

function renderBars(chart: BarChart): string {
  const labelChars = Math.min(52, Math.max(8, ...chart.bars.map((b) => b.label.length)));
  const left = 12 + Math.ceil(labelChars * GLYPH);
  const valueRoom = 90;
  const span = WIDTH - left - valueRoom;
  const max = niceCeil(Math.max(0, ...chart.bars.map((b) => b.value)));
  const row = 22;
  const top = 30;
  const body: string[] = [];
  chart.bars.forEach((bar, i) => {
    const y = top + i * row;
    const width = Math.max(0, (Math.max(0, bar.value) / max) * span);
    const colour = bar.pass === false ? FAIL : COLOURS[0]!;
    body.push(
      text(left - 6, y + 14, clip(bar.label, labelChars), ' text-anchor="end"'),
      `<rect x="${left}" y="${y + 3}" width="${width.toFixed(1)}" height="${row - 6}" fill="${colour}"/>`,
      text(left + width + 4, y + 14, `${format(bar.value)} ${chart.unit}`),
    );
  });
  const axisY = top + chart.bars.length * row + 2;
  body.push(
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${axisY}" stroke="#333"/>`,
    text(left, axisY + 14, "0", ' text-anchor="middle"'),
    text(left + span, axisY + 14, `${format(max)} ${chart.unit}`, ' text-anchor="middle"'),
  );
  return svg(axisY + 22, chart.title, body);
}

function renderLines(chart: LineChart): string {
  const height = 300;
  const plot = { left: 60, right: WIDTH - 20, top: 46, bottom: height - 64 };
  const all = chart.series.flatMap((s) => s.points);
  const xMax = niceCeil(Math.max(0, ...all.map(([x]) => x)));
  const yMax = niceCeil(Math.max(0, ...all.map(([, y]) => y)));
  const px = (x: number) => plot.left + (x / xMax) * (plot.right - plot.left);
  const py = (y: number) => plot.bottom - (y / yMax) * (plot.bottom - plot.top);
  const body: string[] = [
    `<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="#333"/>`,
    `<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${plot.bottom}" stroke="#333"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const x = (xMax * i) / 4;
    const y = (yMax * i) / 4;
    body.push(
      text(px(x), plot.bottom + 14, format(x), ' text-anchor="middle"'),
      text(plot.left - 4, py(y) + 4, format(y), ' text-anchor="end"'),
    );
    if (i > 0)
      body.push(
        `<line x1="${plot.left}" y1="${py(y).toFixed(1)}" x2="${plot.right}" y2="${py(y).toFixed(1)}" stroke="#ddd"/>`,
      );
  }
  body.push(
    text((plot.left + plot.right) / 2, plot.bottom + 30, chart.xLabel, ' text-anchor="middle"'),
    text(8, plot.top - 6, chart.unit),
  );
  chart.series.forEach((series, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = series.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`);
    body.push(
      `<polyline points="${points.join(" ")}" fill="none" stroke="${colour}" stroke-width="2"/>`,
      `<rect x="${plot.left + i * 150}" y="${height - 18}" width="12" height="12" fill="${colour}"/>`,
      text(plot.left + i * 150 + 16, height - 8, clip(series.name, 20)),
    );
  });
  return svg(height, chart.title, body);
}
