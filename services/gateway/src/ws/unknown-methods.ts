/** Where unknown-method calls are counted (the service's metrics registry). */
export interface CounterSink {
  inc(name: string, help: string, labels?: Record<string, string>, by?: number): void;
}

/** How many distinct method names get their own metrics label; later ones count as `(other)`. */
export const MAX_COUNTED_METHODS = 200;
/** How many distinct unknown names one connection logs; later ones are only counted. */
export const MAX_LOGGED_PER_CONNECTION = 50;
const METHOD_NAME = /^[A-Za-z0-9._:-]{1,80}$/;

/**
 * Counts requests for methods this gateway does not serve, per method name, in
 * `clawfleet_gateway_unknown_method_total{method}`. Names are bounded (a client cannot grow the
 * metrics without limit): malformed or too many distinct names count under `(other)`.
 */
export class UnknownMethodCounter {
  readonly #labelled = new Set<string>();

  constructor(private readonly metrics: CounterSink) {}

  /** Counts one call of `method`. */
  count(method: string): void {
    let label = METHOD_NAME.test(method) ? method : "(other)";
    if (!this.#labelled.has(label)) {
      if (this.#labelled.size >= MAX_COUNTED_METHODS) label = "(other)";
      else this.#labelled.add(label);
    }
    this.metrics.inc(
      "clawfleet_gateway_unknown_method_total",
      "Requests for methods the gateway does not serve, by method name.",
      { method: label },
    );
  }
}

/** Remembers which unknown methods one connection already logged, so each is logged once. */
export class UnknownMethodLog {
  readonly #logged = new Set<string>();

  /** True the first time `method` is seen on this connection (within the per-connection cap). */
  firstTime(method: string): boolean {
    if (this.#logged.has(method) || this.#logged.size >= MAX_LOGGED_PER_CONNECTION) return false;
    this.#logged.add(method);
    return true;
  }
}
