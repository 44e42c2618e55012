import {
  AgentsFilesList,
  Buckets,
  TypedBucket,
  workspaceFileRecordSchema,
  type Bus,
} from "@clawfleet/bus";
import * as z from "zod";
import { addAgent, removeAgent, updateAgent, type RosterEdit } from "../../domain/agent-roster.js";
import { invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodContext, type MethodDef } from "../method.js";

/** Where an agent's workspace lives: on the bus, not on a disk. */
export function workspaceUri(agentId: string): string {
  return `nats-kv://${Buckets.Workspace.name}/${agentId}`;
}

const text = z.string().trim().min(1).max(200);
const createSchema = z.looseObject({
  name: text,
  workspace: z.string().max(1000).optional(),
  model: text.optional(),
  emoji: z.string().max(32).optional(),
  avatar: z.string().max(2000).optional(),
});
const updateSchema = z.looseObject({
  agentId: z.string().min(1).max(64),
  name: text.optional(),
  workspace: z.string().max(1000).optional(),
  model: text.nullable().optional(),
  emoji: z.string().max(32).optional(),
  avatar: z.string().max(2000).optional(),
});
const deleteSchema = z.looseObject({
  agentId: z.string().min(1).max(64),
  deleteFiles: z.boolean().optional(),
});

/** Workspaces are on the bus: a `workspace` naming anything but the agent's own is not supported. */
function refuseWorkspacePath(workspace: string | undefined, agentId: string): void {
  if (workspace !== undefined && workspace.trim() && workspace.trim() !== workspaceUri(agentId))
    throw invalidRequest(
      `workspace: a workspace path is not supported — clawfleet keeps each agent's workspace on the bus (${workspaceUri(agentId)}); leave workspace out`,
    );
}

/** Runs a roster edit through the gateway's config write path; the edit's own refusal is INVALID_REQUEST. */
async function editRoster<T>(
  deps: GatewayDeps,
  ctx: MethodContext,
  edit: (document: Record<string, unknown>) => RosterEdit<T>,
): Promise<T> {
  let result: T | undefined;
  await deps.configOwner.edit((source) => {
    const outcome = edit((source ?? {}) as Record<string, unknown>);
    if (!outcome.ok) throw invalidRequest(outcome.message);
    result = outcome.result;
    return outcome.document;
  }, `ui:${ctx.clientId}`);
  return result as T;
}

/** Asks an agents worker to seed the new agent's workspace; it may not have the new config yet. */
async function seedWorkspace(bus: Bus, agentId: string): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await bus.request(AgentsFilesList, {}, { agentId }, { timeoutMs: 3000 });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  return false;
}

async function deleteWorkspace(bus: Bus, agentId: string) {
  const bucket = await TypedBucket.open(bus, Buckets.Workspace, workspaceFileRecordSchema);
  const keys = await bucket.keys(`${agentId}.>`);
  const removed: { path: string; method: "trash" }[] = [];
  const failed: { path: string; reason: string }[] = [];
  for (const key of keys) {
    const path = `${workspaceUri(agentId)}/${key.slice(agentId.length + 1)}`;
    try {
      await bucket.delete(key);
      removed.push({ path, method: "trash" });
    } catch (error) {
      failed.push({ path, reason: String((error as { code?: string }).code ?? "delete failed") });
    }
  }
  return { removed, failed };
}

/**
 * `agents.create|update|delete` as OpenClaw's: they edit `agents.list` (and, on delete, the
 * bindings to the agent) through the gateway's config write path, revision-guarded like
 * `config.patch`; a new agent's workspace is seeded on the bus by an agents worker, and
 * `deleteFiles` deletes the workspace's keys (earlier revisions stay in the bucket's history).
 */
export function agentsCrudMethods(deps: GatewayDeps): MethodDef[] {
  return [
    defineMethod("agents.create", Scope.Admin, createSchema, async (params, ctx) => {
      const { agentId, name } = await editRoster(deps, ctx, (doc) => {
        const added = addAgent(doc, params);
        if (added.ok) refuseWorkspacePath(params.workspace, added.result.agentId);
        return added;
      });
      const seeded = await seedWorkspace(deps.bus, agentId);
      return {
        ok: true,
        agentId,
        name,
        workspace: workspaceUri(agentId),
        ...(params.model ? { model: params.model } : {}),
        ...(seeded
          ? {}
          : { note: "the workspace is seeded when an agents worker first serves this agent" }),
      };
    }),
    defineMethod("agents.update", Scope.Admin, updateSchema, async (params, ctx) => {
      const { agentId } = await editRoster(deps, ctx, (doc) => {
        const updated = updateAgent(doc, params);
        if (updated.ok) refuseWorkspacePath(params.workspace, updated.result.agentId);
        return updated;
      });
      return { ok: true, agentId };
    }),
    defineMethod("agents.delete", Scope.Admin, deleteSchema, async (params, ctx) => {
      const { agentId, removedBindings } = await editRoster(deps, ctx, (doc) =>
        removeAgent(doc, params.agentId),
      );
      if (!params.deleteFiles) return { ok: true, agentId, removedBindings };
      const { removed, failed } = await deleteWorkspace(deps.bus, agentId);
      return {
        ok: true,
        agentId,
        removedBindings,
        removed,
        ...(failed.length > 0 ? { failed, purgeFailed: true as const } : {}),
      };
    }),
  ];
}
