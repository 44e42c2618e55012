/** A model reference taken apart: `anthropic/claude-opus-4-5` → provider `anthropic`, model `claude-opus-4-5`. */
export interface ModelRef {
  /** The canonical `provider/model` text. */
  ref: string;
  provider: string;
  model: string;
}

/** Parses `provider/model` (the model part may contain further `/`); undefined when there is no provider part. */
export function parseModelRef(text: string): ModelRef | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  if (slash <= 0 || slash === trimmed.length - 1) return undefined;
  const provider = trimmed.slice(0, slash).toLowerCase();
  const model = trimmed.slice(slash + 1);
  return { ref: `${provider}/${model}`, provider, model };
}

/** Aliases as `agents.defaults.models` declares them: `{"anthropic/claude-sonnet-4-5": {alias: "sonnet"}}`. */
export type ModelAliases = Readonly<Record<string, { alias?: string | undefined }>> | undefined;

/**
 * Resolves what a user or the config wrote to a `provider/model` ref: a ref stays as it is, an
 * alias (case-insensitive) becomes the ref it names; anything else is undefined.
 */
export function resolveModelRef(text: string, aliases: ModelAliases): ModelRef | undefined {
  const direct = parseModelRef(text);
  if (direct) return direct;
  const wanted = text.trim().toLowerCase();
  for (const [ref, entry] of Object.entries(aliases ?? {})) {
    if (entry.alias?.toLowerCase() === wanted) return parseModelRef(ref);
  }
  return undefined;
}
