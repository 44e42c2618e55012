import { DEFAULT_AGENT_ID, normalizeAgentId } from "@clawfleet/core";

/** A config document as written (before defaults): only the parts the roster edits are typed. */
type Doc = Record<string, unknown>;
type Entry = Record<string, unknown> & { id: string };

/** What an agents.create|update|delete edit did, or why it cannot be done. */
export type RosterEdit<T> = { ok: true; document: Doc; result: T } | { ok: false; message: string };

function objectAt(value: unknown): Doc {
  return value && typeof value === "object" && !Array.isArray(value) ? { ...(value as Doc) } : {};
}

function entriesOf(doc: Doc): Entry[] {
  const list = objectAt(doc.agents).list;
  return Array.isArray(list)
    ? list.filter((e): e is Entry => !!e && typeof (e as Entry).id === "string")
    : [];
}

function withEntries(doc: Doc, entries: Entry[], extra: Doc = {}): Doc {
  return { ...doc, ...extra, agents: { ...objectAt(doc.agents), list: entries } };
}

const indexOf = (entries: Entry[], id: string) =>
  entries.findIndex((e) => normalizeAgentId(e.id) === id);

/** The identity block of an entry with `name` / `emoji` / `avatar` applied (an empty string clears). */
function identity(entry: Entry, changes: { name?: string; emoji?: string; avatar?: string }): Doc {
  const next = { ...objectAt(entry.identity) };
  for (const key of ["name", "emoji", "avatar"] as const) {
    const value = changes[key];
    if (value === undefined) continue;
    if (value.trim()) next[key] = value.trim();
    else delete next[key];
  }
  return next;
}

/**
 * Adds an agent named `name` (id: the name normalised, as OpenClaw does). An empty roster first
 * gets the implicit default agent (`main`) written out, so adding one does not replace it.
 */
export function addAgent(
  doc: Doc,
  params: { name: string; model?: string; emoji?: string; avatar?: string },
): RosterEdit<{ agentId: string; name: string }> {
  const name = params.name.trim();
  if (!/[a-z0-9]/i.test(name))
    return {
      ok: false,
      message: `name: "${params.name}" has no letter or digit to make an agent id from`,
    };
  const agentId = normalizeAgentId(name);
  const entries = entriesOf(doc);
  if (entries.length === 0) entries.push({ id: DEFAULT_AGENT_ID, default: true });
  if (indexOf(entries, agentId) >= 0)
    return { ok: false, message: `agent "${agentId}" already exists` };
  const entry: Entry = { id: agentId, name };
  entry.identity = identity(entry, { name, emoji: params.emoji, avatar: params.avatar });
  if (params.model) entry.model = { primary: params.model };
  return { ok: true, document: withEntries(doc, [...entries, entry]), result: { agentId, name } };
}

/** Changes an agent's name, identity or model (`model: null` clears its own model). */
export function updateAgent(
  doc: Doc,
  params: {
    agentId: string;
    name?: string;
    model?: string | null;
    emoji?: string;
    avatar?: string;
  },
): RosterEdit<{ agentId: string }> {
  const agentId = normalizeAgentId(params.agentId);
  const entries = entriesOf(doc);
  if (entries.length === 0 && agentId === DEFAULT_AGENT_ID)
    entries.push({ id: DEFAULT_AGENT_ID, default: true });
  const at = indexOf(entries, agentId);
  if (at < 0) return { ok: false, message: `unknown agent "${params.agentId}"` };
  const entry: Entry = { ...entries[at]! };
  if (params.name?.trim()) entry.name = params.name.trim();
  const nextIdentity = identity(entry, params);
  if (Object.keys(nextIdentity).length > 0) entry.identity = nextIdentity;
  if (params.model === null) delete entry.model;
  else if (params.model) entry.model = { ...objectAt(entry.model), primary: params.model };
  entries[at] = entry;
  return { ok: true, document: withEntries(doc, entries), result: { agentId } };
}

/** Removes an agent and the bindings routing to it; the default agent cannot be removed. */
export function removeAgent(
  doc: Doc,
  agentIdParam: string,
): RosterEdit<{ agentId: string; removedBindings: number }> {
  const agentId = normalizeAgentId(agentIdParam);
  const entries = entriesOf(doc);
  const at = indexOf(entries, agentId);
  if (at < 0) return { ok: false, message: `unknown agent "${agentIdParam}"` };
  const defaultEntry = entries.find((e) => e.default === true) ?? entries[0]!;
  if (normalizeAgentId(defaultEntry.id) === agentId)
    return {
      ok: false,
      message: `agent "${agentId}" is the default agent (it answers what no binding routes); make another agent default first`,
    };
  const bindings = Array.isArray(doc.bindings) ? (doc.bindings as Doc[]) : [];
  const kept = bindings.filter((b) => normalizeAgentId(String(b.agentId ?? "")) !== agentId);
  const remaining = entries.filter((_, i) => i !== at);
  return {
    ok: true,
    document: withEntries(doc, remaining, Array.isArray(doc.bindings) ? { bindings: kept } : {}),
    result: { agentId, removedBindings: bindings.length - kept.length },
  };
}
