import { isIP } from "node:net";
import * as z from "zod";

/** `gateway.mode`: `local` runs the gateway here; `remote` means this file points at one elsewhere. */
export const GatewayMode = { Local: "local", Remote: "remote" } as const;
/** One of {@link GatewayMode}. */
export type GatewayMode = (typeof GatewayMode)[keyof typeof GatewayMode];

/** `gateway.bind`: which interface the gateway listens on (`lan` = 0.0.0.0). */
export const GatewayBind = {
  Loopback: "loopback",
  Lan: "lan",
  Auto: "auto",
  Custom: "custom",
} as const;
/** One of {@link GatewayBind}. */
export type GatewayBind = (typeof GatewayBind)[keyof typeof GatewayBind];

/** `gateway.auth.mode`: how clients of the control plane authenticate. */
export const GatewayAuthMode = { Token: "token", Password: "password", None: "none" } as const;
/** One of {@link GatewayAuthMode}. */
export type GatewayAuthMode = (typeof GatewayAuthMode)[keyof typeof GatewayAuthMode];

/** `gateway.reload.mode`: `hybrid` applies config edits live; `off` ignores them until restart. */
export const ReloadMode = { Hybrid: "hybrid", Off: "off" } as const;
/** One of {@link ReloadMode}. */
export type ReloadMode = (typeof ReloadMode)[keyof typeof ReloadMode];

/** The gateway's default port when neither config, `--port` nor `OPENCLAW_GATEWAY_PORT` sets one. */
export const DEFAULT_GATEWAY_PORT = 18789;

/** `gateway`: the HTTP/WebSocket control plane. */
export const GatewaySchema = z
  .object({
    mode: z
      .enum(GatewayMode)
      .optional()
      .describe(
        "local: run the gateway on this machine (required to start without --allow-unconfigured)",
      ),
    port: z.number().int().min(1).max(65535).default(DEFAULT_GATEWAY_PORT),
    bind: z
      .enum(GatewayBind)
      .default("loopback")
      .describe("loopback = 127.0.0.1 only; lan = 0.0.0.0 (needs a token)"),
    customBindHost: z.string().min(1).optional().describe("address to bind when bind is custom"),
    trustedProxies: z
      .array(z.string().refine(isAddressOrCidr, "must be an IP address or a CIDR like 10.0.0.0/8"))
      .default(() => [])
      .describe(
        "reverse proxies (addresses or CIDRs) whose X-Forwarded-For is believed; default none",
      ),
    allowRealIpFallback: z
      .boolean()
      .default(false)
      .describe("use X-Real-IP from a trusted proxy that sends no X-Forwarded-For"),
    auth: z
      .object({
        mode: z.enum(GatewayAuthMode).optional(),
        token: z.string().min(1).optional().describe("prefer OPENCLAW_GATEWAY_TOKEN"),
        password: z.string().min(1).optional().describe("prefer OPENCLAW_GATEWAY_PASSWORD"),
      })
      .prefault({}),
    controlUi: z
      .object({
        enabled: z.boolean().default(true),
        basePath: z.string().regex(/^\//, "must start with /").default("/"),
        allowedOrigins: z.array(z.string().min(1)).default(() => []),
      })
      .prefault({}),
    reload: z.object({ mode: z.enum(ReloadMode).default("hybrid") }).prefault({}),
    http: z
      .object({
        endpoints: z
          .object({
            chatCompletions: z
              .object({
                enabled: z
                  .boolean()
                  .default(false)
                  .describe("serve the OpenAI-compatible /v1/chat/completions"),
              })
              .prefault({}),
          })
          .prefault({}),
      })
      .prefault({}),
  })
  .superRefine((gateway, ctx) => {
    if (gateway.bind === "custom" && gateway.customBindHost === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["customBindHost"],
        message: 'required when bind is "custom"',
      });
    }
  });

/** True when `entry` is an IP address or a CIDR (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.split("/");
  const family = isIP(address ?? "");
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits >= 0 && bits <= (family === 4 ? 32 : 128);
}
