import { createHmac, randomBytes } from "node:crypto";
import { safeEqual } from "./safe-equal.js";

const PREFIX = "cfb1_";

/**
 * A credential for one browser, given in exchange for a `clawfleet dashboard` code: a random id and
 * its HMAC under the gateway secret. It never reveals the secret, any gateway instance can check it,
 * and changing the gateway token revokes every one of them.
 */
export function issueBrowserCredential(secret: string): string {
  const id = randomBytes(18).toString("base64url");
  return `${PREFIX}${id}.${mac(secret, id)}`;
}

/** Whether `presented` is a browser credential issued under `secret` (constant-time compare). */
export function isBrowserCredential(presented: string, secret: string): boolean {
  const body = presented.startsWith(PREFIX) ? presented.slice(PREFIX.length) : "";
  const dot = body.indexOf(".");
  const id = dot > 0 ? body.slice(0, dot) : "";
  return safeEqual(body.slice(dot + 1), mac(secret, id)) && id !== "";
}

function mac(secret: string, id: string): string {
  return createHmac("sha256", secret).update(`clawfleet-browser:${id}`).digest("base64url");
}
