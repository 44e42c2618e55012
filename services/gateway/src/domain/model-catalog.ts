import { modelInput, type OpenClawConfig } from "@clawfleet/config";

/** The model agents use when the config names none (the agents' own default). */
export const DEFAULT_MODEL_REF = "anthropic/claude-opus-4-5";

/** A model as the agents report it (`id` is the `provider/model` ref). */
export interface ReportedModel {
  id: string;
  provider: string;
  name?: string | undefined;
  available?: boolean | undefined;
  reason?: string | undefined;
  contextWindow?: number | undefined;
  alias?: string | undefined;
  /** What the model takes in; `["text"]` when the reporter does not say. */
  input?: ("text" | "image")[] | undefined;
}

/** A model entry as OpenClaw's `models.list` gives it: `id` without the provider prefix. */
export interface CatalogEntry {
  id: string;
  provider: string;
  name: string;
  /** clawfleet's `provider/model` reference (what `agents.defaults.model.primary` takes). */
  ref: string;
  /** Input kinds: `["text", "image"]` when the agents send attached images to the model. */
  input: string[];
  alias?: string;
  contextWindow?: number;
  available?: boolean;
  reason?: string;
}

/** Reshapes a reported model into OpenClaw's catalogue entry. */
export function catalogEntry(model: ReportedModel): CatalogEntry {
  const slash = model.id.indexOf("/");
  const id = slash > 0 ? model.id.slice(slash + 1) : model.id;
  const entry: CatalogEntry = {
    id,
    provider: model.provider,
    name: model.name ?? id,
    ref: model.id,
    input: model.input ?? ["text"],
  };
  if (model.alias) entry.alias = model.alias;
  if (model.contextWindow !== undefined) entry.contextWindow = model.contextWindow;
  if (model.available !== undefined) entry.available = model.available;
  if (model.reason) entry.reason = model.reason;
  return entry;
}

/**
 * The models the config names (primary and fallbacks of the defaults and of each agent,
 * `agents.defaults.models`, `models.providers`), once each, without availability: what the gateway
 * can say on its own when no agents worker answers.
 */
export function modelsFromConfig(config: OpenClawConfig): ReportedModel[] {
  const defaults = config.agents.defaults;
  const seen = new Map<string, ReportedModel>();
  const add = (text: string | undefined, name?: string, contextWindow?: number) => {
    const ref = text?.trim();
    const slash = ref?.indexOf("/") ?? -1;
    if (!ref || slash <= 0 || slash === ref.length - 1) return;
    const provider = ref.slice(0, slash).toLowerCase();
    const id = `${provider}/${ref.slice(slash + 1)}`;
    const input = modelInput(config, provider, ref.slice(slash + 1));
    if (!seen.has(id)) seen.set(id, { id, provider, name, contextWindow, input });
  };
  add(defaults.model?.primary ?? DEFAULT_MODEL_REF);
  defaults.model?.fallbacks?.forEach((m) => add(m));
  for (const agent of config.agents.list) {
    add(agent.model?.primary);
    agent.model?.fallbacks?.forEach((m) => add(m));
  }
  Object.keys(defaults.models ?? {}).forEach((m) => add(m));
  for (const [provider, entry] of Object.entries(config.models.providers))
    entry.models.forEach((m) => add(`${provider}/${m.id}`, m.name, m.contextWindow));
  return [...seen.values()];
}
