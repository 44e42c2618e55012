import { BusError, BusErrorCode, DashboardLink, type Bus } from "@clawfleet/bus";
import type { AuthSettings } from "../ws/auth/authenticator.js";
import { issueBrowserCredential } from "../ws/auth/browser-credential.js";
import { DashboardCodes } from "./dashboard-codes.js";

/** What the dashboard link needs from the running gateway. */
export interface DashboardLinkDeps {
  bus: Bus;
  auth: () => AuthSettings;
  /** The Control UI address a person on this machine opens, or undefined when the UI is off. */
  uiUrl: () => string | undefined;
}

function secretOf(auth: AuthSettings): string | undefined {
  if (auth.mode === "token") return auth.token;
  if (auth.mode === "password") return auth.password;
  return undefined;
}

/**
 * Answers `gateway.dashboard.link` (registers a one-time code by its hash) and returns the exchange
 * the Control UI route uses: a registered code, once, for a browser credential.
 */
export function serveDashboardLinks(deps: DashboardLinkDeps): {
  redeem: (code: string) => string | undefined;
  unsubscribe(): void;
} {
  const codes = new DashboardCodes();
  const subscription = deps.bus.serve(DashboardLink, {}, ({ codeSha256 }) => {
    const url = deps.uiUrl();
    if (!url)
      throw new BusError(
        BusErrorCode.Unavailable,
        "the Control UI is off (gateway.controlUi.enabled: false)",
      );
    const tokenNeeded = secretOf(deps.auth()) !== undefined;
    const expiresAt = tokenNeeded ? codes.register(codeSha256) : 0;
    return { url, tokenNeeded, expiresAt };
  });
  return {
    redeem(code) {
      if (!codes.redeem(code)) return undefined;
      const secret = secretOf(deps.auth());
      return secret ? issueBrowserCredential(secret) : undefined;
    },
    unsubscribe: () => subscription.unsubscribe(),
  };
}
