import {
  AgentsFilesGet,
  AgentsFilesList,
  AgentsFilesSet,
  BusError,
  BusErrorCode,
  workspaceFileTooLarge,
  type Bus,
} from "@clawfleet/bus";
import type { OpenClawConfig } from "@clawfleet/config";
import { DEFAULT_AGENT_ID, normalizeAgentId } from "@clawfleet/core";
import type { Subscription } from "./subscription.js";
import { workspaceLocation, type WorkspaceStore } from "../workspace/workspace-store.js";

/** The configured agent an id names, or a NOT_FOUND error listing the known ones. */
export function knownAgentId(config: OpenClawConfig, agentId: string): string {
  const id = normalizeAgentId(agentId);
  const known = config.agents.list.length
    ? config.agents.list.map((agent) => normalizeAgentId(agent.id))
    : [DEFAULT_AGENT_ID];
  if (!known.includes(id))
    throw new BusError(
      BusErrorCode.NotFound,
      `unknown agent "${agentId}" (agents.list has: ${known.join(", ")})`,
    );
  return id;
}

/** Serves `agents.files.list|get|set`: the agents' workspace files, for the gateway and the CLI. */
export function serveWorkspaceRpcs(
  bus: Bus,
  config: () => OpenClawConfig,
  workspace: WorkspaceStore,
): Subscription[] {
  return [
    bus.serve(AgentsFilesList, {}, async ({ agentId }) => {
      const id = knownAgentId(config(), agentId);
      return { agentId: id, workspace: workspaceLocation(id), files: await workspace.list(id) };
    }),
    bus.serve(AgentsFilesGet, {}, async ({ agentId, name }) => {
      const id = knownAgentId(config(), agentId);
      return { agentId: id, workspace: workspaceLocation(id), file: await workspace.get(id, name) };
    }),
    bus.serve(AgentsFilesSet, {}, async ({ agentId, name, content }) => {
      const id = knownAgentId(config(), agentId);
      const tooLarge = workspaceFileTooLarge(name, content);
      if (tooLarge) throw new BusError(BusErrorCode.BadRequest, tooLarge);
      const file = await workspace.write(id, name, content, "rpc");
      return {
        ok: true,
        agentId: id,
        workspace: workspaceLocation(id),
        file: { ...file, content },
      };
    }),
  ];
}
