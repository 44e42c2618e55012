import {
  BusError,
  BusErrorCode,
  SessionsPatch,
  updateWithRetry,
  type Bus,
  type SessionState,
} from "@clawfleet/bus";
import type { ClawEnv, LiveConfig, OpenClawConfig } from "@clawfleet/config";
import { sessionToken } from "@clawfleet/core";
import type { Subscription } from "./subscription.js";
import { listConfiguredModels } from "../domain/models/configured-models.js";
import { resolveModelRef } from "../domain/models/model-ref.js";
import { newSessionState } from "../turn/state/session-hold.js";
import type { SessionRpcDeps } from "../turn/turn-deps.js";

/**
 * The `provider/model` a session may be switched to: one `models.list` names (by ref, alias or a
 * bare model id naming one model) whose
 * provider can be called; anything else is a bad request naming the model and what is offered.
 */
export function patchableModel(config: OpenClawConfig, env: ClawEnv, wanted: string): string {
  const models = listConfiguredModels(config, env);
  const ref = resolveModelRef(wanted, config.agents.defaults.models);
  // A bare model id (OpenClaw's UI may send `model` without its provider) names the one model with it.
  const bare = models.filter((m) => m.id.slice(m.id.indexOf("/") + 1) === wanted);
  const model = ref
    ? models.find((m) => m.id === ref.ref)
    : bare.length === 1
      ? bare[0]
      : undefined;
  if (!model)
    throw new BusError(
      BusErrorCode.BadRequest,
      `unknown model "${wanted}": models.list offers ${models.map((m) => m.id).join(", ")}`,
    );
  if (!model.available)
    throw new BusError(BusErrorCode.BadRequest, `can't use ${model.id}: ${model.reason}`);
  return model.id;
}

/** The state after a patch: `undefined` leaves a field, `null` clears it, a value sets it. */
function patched(
  state: SessionState,
  label: string | null | undefined,
  model: string | null | undefined,
  now: number,
): SessionState {
  const next = { ...state, updatedAt: now };
  if (label !== undefined) next.label = label ?? undefined;
  if (model !== undefined) next.modelOverride = model ?? undefined;
  return next;
}

/**
 * Serves `sessions.patch`: sets or clears a session's label and model override (validated against
 * the configured models), creating the session when the key has none yet (a new chat of the UI).
 */
export function serveSessionsPatch(
  bus: Bus,
  deps: SessionRpcDeps,
  config: LiveConfig,
  env: ClawEnv,
): Subscription {
  return bus.serve(SessionsPatch, {}, async ({ key, label, model }) => {
    const override = model ? patchableModel(config.current, env, model) : model;
    const result = await updateWithRetry(deps.sessions, sessionToken(key), (current) => {
      const now = Date.now();
      return patched(current ?? newSessionState(key, now), label, override, now);
    });
    const state = result.value!;
    return {
      ok: true as const,
      key,
      sessionId: state.sessionId,
      ...(state.label ? { label: state.label } : {}),
      ...(state.modelOverride ? { model: state.modelOverride } : {}),
    };
  });
}
