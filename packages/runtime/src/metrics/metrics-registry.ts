type Labels = Record<string, string>;

interface Series {
  help: string;
  type: "counter" | "gauge";
  values: Map<string, { labels: Labels; value: number | (() => number) }>;
}

/** A small Prometheus registry: counters and gauges with labels, rendered in the text format. */
export class MetricsRegistry {
  readonly #series = new Map<string, Series>();

  /** Adds `by` to a counter. */
  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const entry = this.#entry(name, help, "counter", labels);
    entry.value = (typeof entry.value === "number" ? entry.value : 0) + by;
  }

  /** Sets a gauge, or binds it to a function read at scrape time. */
  gauge(name: string, help: string, value: number | (() => number), labels: Labels = {}): void {
    this.#entry(name, help, "gauge", labels).value = value;
  }

  /** The registry in Prometheus text exposition format. */
  render(): string {
    const lines: string[] = [];
    for (const [name, series] of this.#series) {
      lines.push(`# HELP ${name} ${series.help}`, `# TYPE ${name} ${series.type}`);
      for (const { labels, value } of series.values.values()) {
        const number = typeof value === "function" ? safeRead(value) : value;
        lines.push(`${name}${renderLabels(labels)} ${Number.isFinite(number) ? number : 0}`);
      }
    }
    return `${lines.join("\n")}\n`;
  }

  #entry(name: string, help: string, type: Series["type"], labels: Labels) {
    let series = this.#series.get(name);
    if (!series) this.#series.set(name, (series = { help, type, values: new Map() }));
    const key = JSON.stringify(Object.entries(labels).sort());
    let entry = series.values.get(key);
    if (!entry) series.values.set(key, (entry = { labels, value: 0 }));
    return entry;
  }
}

function safeRead(read: () => number): number {
  try {
    return read();
  } catch {
    return Number.NaN;
  }
}

function renderLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`).join(",")}}`;
}
