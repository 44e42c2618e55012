import * as z from "zod";
import { redactConfig } from "../../config/redact-config.js";
import type { ConfigWriteResult } from "../../config/config-owner.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef, type MethodContext } from "../method.js";

const patchSchema = z.looseObject({
  raw: z.string().max(1_000_000),
  baseHash: z.string().max(128).optional(),
});
const setSchema = z.looseObject({
  raw: z.string().min(1, "raw must not be empty").max(1_000_000),
  baseHash: z.string().max(128).optional(),
});

function written({ state, applied }: ConfigWriteResult): Record<string, unknown> {
  return {
    ok: true,
    path: state.file,
    hash: state.hash,
    applied,
    config: state.result.ok ? redactConfig(state.result.config) : null,
    warnings: state.result.warnings,
  };
}

function editor(ctx: MethodContext): string {
  return `ui:${ctx.clientId}`;
}

/** `config.patch` (JSON5 merge patch + baseHash), `config.set` and `config.apply` (whole text, optional baseHash). */
export function configWriteMethods(deps: GatewayDeps): MethodDef[] {
  return [
    defineMethod("config.patch", Scope.Admin, patchSchema, async (params, ctx) =>
      written(await deps.configOwner.patch(params.raw, params.baseHash, editor(ctx))),
    ),
    defineMethod("config.set", Scope.Admin, setSchema, async (params, ctx) =>
      written(await deps.configOwner.set(params.raw, params.baseHash, editor(ctx))),
    ),
    defineMethod("config.apply", Scope.Admin, setSchema, async (params, ctx) =>
      written(await deps.configOwner.set(params.raw, params.baseHash, editor(ctx))),
    ),
  ];
}
