import * as z from "zod";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";
import { finalResult } from "./agent-run.js";

const paramsSchema = z.looseObject({
  runId: z.string().min(1).max(256),
  timeoutMs: z.number().int().min(0).max(600_000).optional(),
});

/** `agent.wait`: waits for a run to end (default 30 s) and answers `{status: ok|error|timeout, startedAt, endedAt, error?}`. */
export function agentWaitMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("agent.wait", Scope.Read, paramsSchema, async (params, ctx) => {
    const record = await deps.runs.wait(params.runId, params.timeoutMs ?? 30_000, ctx.signal);
    return finalResult(params.runId, record);
  });
}
