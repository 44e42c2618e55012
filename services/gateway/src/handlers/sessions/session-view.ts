import type { OpenClawConfig } from "@clawfleet/config";
import type { SessionRow } from "../../bus/session-reader.js";
import { openClawSessionKind } from "../../domain/openclaw-session-kind.js";

/** A session row in OpenClaw's `sessions.list` shape (clawfleet's own fields kept alongside). */
export function sessionListRow(config: OpenClawConfig, row: SessionRow): Record<string, unknown> {
  const model = row.model ?? config.agents.defaults.model?.primary;
  const slash = model?.indexOf("/") ?? -1;
  const { override, ...rest } = row;
  const overrideSlash = override?.indexOf("/") ?? -1;
  return {
    ...rest,
    // OpenClaw's names of a per-session model choice: provider and model apart.
    ...(override && overrideSlash > 0
      ? {
          providerOverride: override.slice(0, overrideSlash),
          modelOverride: override.slice(overrideSlash + 1),
        }
      : {}),
    kind: openClawSessionKind(row.key, row.kind),
    label: row.label ?? row.displayName,
    displayName: row.label ?? row.displayName,
    ...(model && slash > 0
      ? { modelProvider: model.slice(0, slash), model: model.slice(slash + 1) }
      : {}),
    lastMessagePreview: row.lastMessage,
    // OpenClaw's run status: "running" during a turn, absent when idle (its UI then shows "Idle").
    hasActiveRun: row.running,
    ...(row.running ? { status: "running" } : {}),
  };
}
