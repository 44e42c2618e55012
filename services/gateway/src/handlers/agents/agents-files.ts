import {
  AgentsFilesGet,
  AgentsFilesList,
  AgentsFilesSet,
  workspaceFileNameSchema,
  workspaceFileTooLarge,
} from "@clawfleet/bus";
import * as z from "zod";
import { callService } from "../../bus/call-service.js";
import { invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const agentId = z.string().min(1).max(64).default("main");

/** `agents.files.list|get|set`: an agent's workspace files (bootstrap files and memory), kept by the agents service on the bus. */
export function agentsFilesMethods(deps: GatewayDeps): MethodDef[] {
  return [
    defineMethod("agents.files.list", Scope.Read, z.looseObject({ agentId }), (params) =>
      callService(deps.bus, "agents", AgentsFilesList, {}, { agentId: params.agentId }),
    ),
    defineMethod(
      "agents.files.get",
      Scope.Read,
      z.looseObject({ agentId, name: workspaceFileNameSchema }),
      (params) =>
        callService(
          deps.bus,
          "agents",
          AgentsFilesGet,
          {},
          { agentId: params.agentId, name: params.name },
        ),
    ),
    defineMethod(
      "agents.files.set",
      Scope.Admin,
      z.looseObject({ agentId, name: workspaceFileNameSchema, content: z.string() }),
      (params) => {
        const tooLarge = workspaceFileTooLarge(params.name, params.content);
        if (tooLarge) throw invalidRequest(tooLarge);
        return callService(
          deps.bus,
          "agents",
          AgentsFilesSet,
          {},
          { agentId: params.agentId, name: params.name, content: params.content },
        );
      },
    ),
  ];
}
