import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { parseJson5 } from "@clawfleet/config";
import { isValidAgentId } from "@clawfleet/core";
import type { ImportedConfig, ImportPlan, ImportProblem } from "./import-plan.js";
import { readAllowlists } from "./read-allowlists.js";
import { readFileCapped } from "./read-file-capped.js";
import { readAgentSessions } from "./read-sessions.js";
import { readWorkspace, workspaceDir } from "./read-workspace.js";

interface AgentSpec {
  id: string;
  isDefault: boolean;
  workspace?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function readConfig(stateDir: string, problems: ImportProblem[]): ImportedConfig | undefined {
  const absolute = path.join(stateDir, "openclaw.json");
  if (!existsSync(absolute)) return undefined;
  const raw = readFileCapped(absolute, "openclaw.json", 1024 * 1024, problems);
  if (raw === undefined) return undefined;
  const parsed = parseJson5(raw, absolute);
  if (!parsed.ok) {
    problems.push({ file: "openclaw.json", message: `${parsed.message}: config not imported` });
    return undefined;
  }
  return { raw, document: parsed.value, file: absolute };
}

/** The agents of `agents.list` (only `main` when there is none), with their configured workspaces. */
function agentSpecs(document: unknown, problems: ImportProblem[]): AgentSpec[] {
  const agents = isObject(document) && isObject(document.agents) ? document.agents : {};
  const defaults = isObject(agents.defaults) ? agents.defaults : {};
  const defaultWorkspace = typeof defaults.workspace === "string" ? defaults.workspace : undefined;
  const list = Array.isArray(agents.list) ? agents.list : [];
  const specs: AgentSpec[] = [];
  list.forEach((item, i) => {
    const id = isObject(item) && typeof item.id === "string" ? item.id : undefined;
    if (!id || !isValidAgentId(id)) {
      problems.push({
        file: "openclaw.json",
        field: `agents.list[${i}].id`,
        message: `${JSON.stringify(id)} is not an agent id`,
      });
      return;
    }
    const workspace =
      isObject(item) && typeof item.workspace === "string" ? item.workspace : undefined;
    specs.push({
      id,
      isDefault: isObject(item) && item.default === true,
      ...(workspace ? { workspace } : {}),
    });
  });
  if (specs.length === 0)
    return [
      { id: "main", isDefault: true, ...(defaultWorkspace ? { workspace: defaultWorkspace } : {}) },
    ];
  if (!specs.some((s) => s.isDefault)) specs[0]!.isDefault = true;
  return specs.map((s) =>
    s.isDefault && !s.workspace && defaultWorkspace ? { ...s, workspace: defaultWorkspace } : s,
  );
}

function notImported(stateDir: string): ImportPlan["notImported"] {
  const out: ImportPlan["notImported"] = [];
  const credentials = path.join(stateDir, "credentials");
  if (existsSync(path.join(credentials, "whatsapp")))
    out.push({
      file: "credentials/whatsapp",
      reason:
        "WhatsApp session keys are not carried over: link again with `clawfleet channels login whatsapp`",
    });
  if (existsSync(credentials))
    for (const name of readdirSync(credentials).filter((n) => n.endsWith("-pairing.json")))
      out.push({
        file: `credentials/${name}`,
        reason: "pending pairing codes expire within an hour: senders ask again",
      });
  return out;
}

/**
 * Reads an OpenClaw state directory (`openclaw.json`, workspaces, `agents/<id>/sessions`,
 * `credentials/*-allowFrom.json`) into an import plan. Nothing is written; every problem is
 * collected with its file, line and field, and the rest is still read.
 */
export function readOpenClawStateDir(stateDir: string): ImportPlan {
  const problems: ImportProblem[] = [];
  const config = readConfig(stateDir, problems);
  const specs = agentSpecs(config?.document, problems);
  const known = new Set(specs.map((s) => s.id));
  const agentsDir = path.join(stateDir, "agents");
  if (existsSync(agentsDir))
    for (const entry of readdirSync(agentsDir, { withFileTypes: true }))
      if (entry.isDirectory() && !known.has(entry.name))
        problems.push({
          file: `agents/${entry.name}`,
          message: `agent ${JSON.stringify(entry.name)} is not in openclaw.json agents.list: its sessions were not imported`,
        });
  const plan: ImportPlan = {
    stateDir,
    ...(config ? { config } : {}),
    agents: specs.map((s) => s.id),
    workspace: [],
    sessions: [],
    allowlists: readAllowlists(stateDir, problems),
    notImported: notImported(stateDir),
    problems,
  };
  for (const spec of specs) {
    const dir = workspaceDir(stateDir, spec.id, spec.isDefault, spec.workspace);
    plan.workspace.push(...readWorkspace(stateDir, spec.id, dir, problems));
    plan.sessions.push(...readAgentSessions(stateDir, spec.id, problems));
  }
  return plan;
}
