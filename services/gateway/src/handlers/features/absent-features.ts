import * as z from "zod";
import { notSupported } from "../../errors.js";
import { OPENCLAW_COMPAT_VERSION } from "../../protocol/compat-version.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const loose = z.looseObject({});

/** OpenClaw's built-in default theme, as its `themes.list` describes it (the UI draws it from its own bundle). */
const DEFAULT_THEME = {
  id: "claw",
  name: "Claw",
  source: "builtin",
  modes: ["light", "dark"],
};

/** A read of a feature clawfleet does not have: always the same well-formed empty answer. */
function emptyRead(
  name: string,
  answer: () => Record<string, unknown>,
  scope: Scope = Scope.Read,
): MethodDef {
  return defineMethod(name, scope, loose, async () => ({ ...answer(), supported: false }));
}

/** An action on a feature clawfleet does not have: refused as not supported, never pretended. */
function refused(name: string, feature: string, scope: Scope = Scope.Admin): MethodDef {
  return defineMethod(name, scope, loose, async () => {
    throw notSupported(`${feature} (${name})`);
  });
}

/**
 * Methods of OpenClaw features clawfleet does not have — nodes, device pairing, exec and plugin
 * approvals, the onboarding wizard, self-update, themes, plugins, talk voices, tasks, questions, progress
 * cards, cloud-worker environments, host system info: reads answer empty lists (so clients render
 * "none"), actions and host info answer "not supported".
 */
export function absentFeatureMethods(deps: GatewayDeps): MethodDef[] {
  return [
    emptyRead("node.list", () => ({ ts: Date.now(), nodes: [] })),
    emptyRead("node.pair.list", () => ({ pending: [], paired: [] }), Scope.Pairing),
    emptyRead("device.pair.list", () => ({ pending: [], paired: [] }), Scope.Pairing),
    emptyRead("exec.approval.list", () => ({ approvals: [] }), Scope.Approvals),
    emptyRead("plugin.approval.list", () => ({ approvals: [] }), Scope.Approvals),
    emptyRead("openclaw.approval.list", () => ({ approvals: [] }), Scope.Approvals),
    emptyRead("question.list", () => ({ questions: [] })),
    emptyRead("sessions.branches.list", () => ({ branches: [] })),
    emptyRead("sessions.companion.state", () => ({ companion: null })),
    emptyRead("tasks.list", () => ({ tasks: [], total: 0 })),
    // Only the UI's built-in default theme: no theme store, so no imported or plugin themes.
    emptyRead("themes.list", () => ({
      current: { id: DEFAULT_THEME.id, mode: "system", scope: "gateway", overrides: {} },
      theme: DEFAULT_THEME,
      themes: [DEFAULT_THEME],
    })),
    emptyRead("plugins.list", () => ({ plugins: [], generation: 0, mutationsAllowed: false })),
    emptyRead("talk.catalog", () => ({ voices: [], providers: [] })),
    // No cloud workers or nodes: nothing to run a session elsewhere (OpenClaw's /systems page).
    emptyRead("environments.list", () => ({ environments: [] })),
    emptyRead("progressCard.get", () => ({ card: null })),
    emptyRead("wizard.status", () => ({ running: false, status: "idle" })),
    defineMethod("update.status", Scope.Read, loose, async () => ({
      supported: false,
      currentVersion: OPENCLAW_COMPAT_VERSION,
      clawfleetVersion: deps.version,
      updateAvailable: false,
      channel: null,
      note: "clawfleet is updated by redeploying (fly deploy / docker compose pull), not in place",
    })),
    defineMethod("sessions.observer.visibility", Scope.Read, loose, async () => ({
      ok: true,
      tracked: false,
    })),
    refused("wizard.start", "the onboarding wizard"),
    refused("wizard.next", "the onboarding wizard"),
    refused("wizard.cancel", "the onboarding wizard"),
    refused("update.run", "self-update"),
    refused("node.invoke", "nodes", Scope.Write),
    refused("device.pair.approve", "device pairing"),
    refused("device.pair.reject", "device pairing"),
    refused("exec.approval.resolve", "exec approvals"),
    // One host's CPU and memory say little about services spread over machines: `status` lists
    // every instance's memory and uptime instead.
    refused("system.info", "host system info (see status for every service instance)", Scope.Read),
  ];
}
