import type { GatewayAuthMode } from "@clawfleet/config";
import { isBrowserCredential } from "./browser-credential.js";
import { safeEqual } from "./safe-equal.js";

/** The auth settings in force right now (config edits may change them without a restart). */
export interface AuthSettings {
  mode: GatewayAuthMode;
  token?: string;
  password?: string;
  /** Whether the gateway listens on loopback only (where `none` is allowed). */
  loopback: boolean;
}

/** Why a client was refused, in OpenClaw's `details.code` vocabulary. */
export type AuthFailureCode =
  | "AUTH_TOKEN_MISSING"
  | "AUTH_TOKEN_MISMATCH"
  | "AUTH_PASSWORD_MISSING"
  | "AUTH_PASSWORD_MISMATCH"
  | "AUTH_NOT_CONFIGURED";

/**
 * Whether a refusal means the client presented no credential at all (the Control UI page opened
 * without a token): not a guess at the secret, so it is not logged as a warning nor counted as a
 * failed attempt.
 */
export function isMissingCredential(code: AuthFailureCode): boolean {
  return code === "AUTH_TOKEN_MISSING" || code === "AUTH_PASSWORD_MISSING";
}

/** Outcome of checking a client's credentials. */
export type AuthResult = { ok: true } | { ok: false; code: AuthFailureCode; message: string };

/** The credentials a client presents in `connect.params.auth` or an HTTP bearer token. */
export interface PresentedAuth {
  token?: string;
  password?: string;
}

/**
 * Checks presented credentials against the configured secret in constant time. As in OpenClaw the
 * configured secret is accepted in either field (`token` or `password`).
 */
export function authenticate(
  settings: AuthSettings,
  presented: PresentedAuth | undefined,
): AuthResult {
  if (settings.mode === "none") {
    return settings.loopback
      ? { ok: true }
      : {
          ok: false,
          code: "AUTH_NOT_CONFIGURED",
          message:
            "unauthorized: the gateway has no token configured for a non-loopback bind (set OPENCLAW_GATEWAY_TOKEN)",
        };
  }
  const isToken = settings.mode === "token";
  const secret = isToken ? settings.token : settings.password;
  if (!secret) {
    return {
      ok: false,
      code: "AUTH_NOT_CONFIGURED",
      message: `unauthorized: gateway.auth.mode is ${settings.mode} but no ${settings.mode} is configured (${isToken ? "OPENCLAW_GATEWAY_TOKEN" : "OPENCLAW_GATEWAY_PASSWORD"})`,
    };
  }
  const candidates = [presented?.token, presented?.password].filter(
    (v): v is string => typeof v === "string" && v !== "",
  );
  if (candidates.length === 0) {
    return isToken
      ? {
          ok: false,
          code: "AUTH_TOKEN_MISSING",
          message: "unauthorized: gateway token missing (paste the gateway token, or pass --token)",
        }
      : {
          ok: false,
          code: "AUTH_PASSWORD_MISSING",
          message: "unauthorized: gateway password missing",
        };
  }
  // Compare every candidate so the time taken does not depend on which field matched.
  // A browser credential from `clawfleet dashboard` is accepted like the secret it derives from.
  const matched = candidates
    .map((candidate) => [safeEqual(candidate, secret), isBrowserCredential(candidate, secret)])
    .flat()
    .some(Boolean);
  if (matched) return { ok: true };
  return isToken
    ? {
        ok: false,
        code: "AUTH_TOKEN_MISMATCH",
        message: "unauthorized: gateway token mismatch (use the value of OPENCLAW_GATEWAY_TOKEN)",
      }
    : {
        ok: false,
        code: "AUTH_PASSWORD_MISMATCH",
        message: "unauthorized: gateway password mismatch",
      };
}
