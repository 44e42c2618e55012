import { configJsonSchema, MAX_LISTED_ISSUES } from "@clawfleet/config";
import * as z from "zod";
import type { ConfigFileState } from "../../config/config-file-state.js";
import { redactConfig } from "../../config/redact-config.js";
import { redactConfigText } from "../../config/redact-config-text.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

/**
 * What `config.get` answers about the config in KV (the source of truth): secrets are redacted in
 * every representation (`raw` text, `parsed` as written, resolved `config`); an edit may send the
 * placeholder back. `mirror` describes this gateway's `openclaw.json`: whether it holds the same
 * config (`synced`) and, when it holds a refused edit, that edit's issues.
 */
export function configView(
  state: ConfigFileState,
  appliedHash: string,
  mirror?: ConfigFileState,
): Record<string, unknown> {
  const result = state.result;
  const view: Record<string, unknown> = {
    path: state.file,
    exists: state.exists,
    raw: redactConfigText(state.raw),
    hash: state.hash,
    valid: result.ok,
    parsed: result.ok ? redactConfig(result.source) : null,
    config: result.ok ? redactConfig(result.config) : null,
    issues: result.ok ? [] : result.errors.slice(0, MAX_LISTED_ISSUES),
    warnings: result.warnings.slice(0, MAX_LISTED_ISSUES),
    issueCount: result.ok ? 0 : result.errors.length,
    warningCount: result.warnings.length,
    appliedHash,
    applied: result.ok && state.hash === appliedHash,
  };
  if (mirror) view.mirror = mirrorView(mirror, state);
  return view;
}

function mirrorView(file: ConfigFileState, current: ConfigFileState): Record<string, unknown> {
  const result = file.result;
  return {
    path: file.file,
    exists: file.exists,
    synced: file.exists && (file.hash === current.hash || file.raw === current.raw),
    valid: result.ok,
    issues: result.ok ? [] : result.errors.slice(0, MAX_LISTED_ISSUES),
    issueCount: result.ok ? 0 : result.errors.length,
  };
}

/** `config.get`: the config in KV with its hash (the `baseHash` of the next edit) and this gateway's file. */
export function configGetMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("config.get", Scope.Read, z.looseObject({}), async () => {
    const current = await deps.configOwner.read();
    return configView(current, deps.appliedHash(), deps.configOwner.state);
  });
}

/** `config.schema`: the JSON Schema of openclaw.json, for editors and the Control UI. */
export function configSchemaMethod(): MethodDef {
  let schema: Record<string, unknown> | undefined;
  return defineMethod("config.schema", Scope.Read, z.looseObject({}), async () => {
    schema ??= configJsonSchema();
    return { schema, uiHints: {} };
  });
}
