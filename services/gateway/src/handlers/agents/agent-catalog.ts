import * as z from "zod";
import { AGENT_TOOLS, CHAT_COMMANDS } from "../../domain/agent-capabilities.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const loose = z.looseObject({});

/**
 * `commands.list` (the agents' slash commands), `tools.catalog` (their tools) and
 * `skills.status` (clawfleet has no skills: an empty report that says so).
 */
export function agentCatalogMethods(deps: GatewayDeps): MethodDef[] {
  return [
    defineMethod("commands.list", Scope.Read, loose, async () => ({
      commands: CHAT_COMMANDS.map((c) => ({
        name: c.name,
        command: `/${c.name}`,
        description: c.description,
        ...(c.args ? { args: c.args } : {}),
        source: "builtin",
      })),
    })),
    defineMethod("tools.catalog", Scope.Read, loose, async () => ({
      groups: [
        {
          id: "clawfleet",
          label: "clawfleet",
          tools: AGENT_TOOLS.map((t) => ({
            id: t.name,
            name: t.name,
            label: t.label,
            description: t.description,
            source: "core",
            ...(t.requires ? { requires: t.requires } : {}),
          })),
        },
      ],
      tools: AGENT_TOOLS.map((t) => ({ name: t.name, label: t.label, description: t.description })),
    })),
    defineMethod("skills.status", Scope.Read, loose, async () => ({
      workspaceDir: null,
      managedSkillsDir: null,
      agentId: deps.config().agents.list[0]?.id ?? "main",
      skills: [],
      note: "clawfleet does not load skills",
    })),
  ];
}
