import type { OpenClawConfig } from "../schema/openclaw-config.js";

/** What a model costs, in US dollars per million tokens (OpenClaw's `models.providers.*.models[].cost`). */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** Token counts to price (input excludes cache reads and writes, as the agents store them). */
export interface PricedUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/**
 * List prices of well-known models at the time of writing (provider/model id pattern → price);
 * `models.providers.<provider>.models[].cost` overrides them and prices any other model.
 */
export const DEFAULT_MODEL_PRICES: readonly (readonly [RegExp, ModelPrice])[] = [
  [/^anthropic\/claude-opus-4-[5-9]/, { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 }],
  [/^anthropic\/claude-opus-4/, { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 }],
  [/^anthropic\/claude-sonnet-4/, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }],
  [/^anthropic\/claude-haiku-4/, { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 }],
  [/^anthropic\/claude-3-5-haiku/, { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 }],
  [/^openai\/gpt-4o-mini/, { input: 0.15, output: 0.6, cacheRead: 0.075 }],
  [/^openai\/gpt-4o/, { input: 2.5, output: 10, cacheRead: 1.25 }],
  [/^openai\/gpt-4\.1-mini/, { input: 0.4, output: 1.6, cacheRead: 0.1 }],
  [/^openai\/gpt-4\.1/, { input: 2, output: 8, cacheRead: 0.5 }],
  [/^openai\/gpt-5-mini/, { input: 0.25, output: 2, cacheRead: 0.025 }],
  [/^openai\/gpt-5/, { input: 1.25, output: 10, cacheRead: 0.125 }],
];

/** The price of `provider/model`: the config's `cost` for it, else the default table; undefined when unknown. */
export function modelPrice(config: OpenClawConfig, modelRef: string): ModelPrice | undefined {
  const slash = modelRef.indexOf("/");
  const provider = modelRef.slice(0, slash);
  const model = modelRef.slice(slash + 1);
  const declared = config.models.providers[provider]?.models.find((m) => m.id === model)?.cost;
  if (declared) return declared;
  return DEFAULT_MODEL_PRICES.find(([pattern]) => pattern.test(modelRef))?.[1];
}

/** The cost in US dollars of some usage at a price (cache tokens at input price when the price names none). */
export function usageCost(usage: PricedUsage, price: ModelPrice): number {
  const perToken = (perMillion: number) => perMillion / 1_000_000;
  return (
    usage.inputTokens * perToken(price.input) +
    usage.outputTokens * perToken(price.output) +
    (usage.cacheReadTokens ?? 0) * perToken(price.cacheRead ?? price.input) +
    (usage.cacheWriteTokens ?? 0) * perToken(price.cacheWrite ?? price.input)
  );
}
