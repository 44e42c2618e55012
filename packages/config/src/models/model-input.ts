import type { OpenClawConfig } from "../schema/openclaw-config.js";

/** What a model takes in, as OpenClaw's `models.providers.<p>.models[].input` says it. */
export type ModelInput = "text" | "image";

/**
 * Known vision models by provider id, for models the config does not describe: Claude 3 and later
 * (not the text-only 3.5 Haiku), GPT-4o / 4.1 / 4.5 / 5, GPT-4 Turbo, o1 / o3 / o4-mini (not the
 * text-only o1-mini and o3-mini), and Gemini. Anything else counts as text-only until the config says.
 */
const VISION_MODELS: readonly RegExp[] = [
  /^claude-(?!3-5-haiku)(3|opus|sonnet|haiku)/,
  /^(chatgpt-4o|gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-4-turbo)(?!-audio|-realtime|-transcribe|-search)/,
  /^o(1|3|4)(?!-mini)(?:$|-)/,
  /^o4-mini/,
  /^gemini-/,
];

/** Providers whose model ids the built-in rule knows (a custom provider's models must be declared). */
const KNOWN_PROVIDERS = new Set(["anthropic", "openai", "google", "gemini", "openrouter"]);

/** The model id without a router's vendor prefix (`openrouter/anthropic/claude-…` → `claude-…`). */
function bareModelId(model: string): string {
  return model.slice(model.lastIndexOf("/") + 1).toLowerCase();
}

/**
 * Whether a model is given the images users attach: its `input` in `models.providers` when the
 * config lists it, else the built-in rule for known Anthropic, OpenAI and Google models.
 */
export function acceptsImages(config: OpenClawConfig, provider: string, model: string): boolean {
  const declared = config.models.providers[provider]?.models.find((m) => m.id === model);
  if (declared?.input) return declared.input.includes("image");
  if (!KNOWN_PROVIDERS.has(provider)) return false;
  const id = bareModelId(model);
  return VISION_MODELS.some((pattern) => pattern.test(id));
}

/** A model's input kinds as `models.list` reports them (OpenClaw's `input` field). */
export function modelInput(config: OpenClawConfig, provider: string, model: string): ModelInput[] {
  return acceptsImages(config, provider, model) ? ["text", "image"] : ["text"];
}
