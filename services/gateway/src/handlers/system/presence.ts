import { hostname } from "node:os";
import * as z from "zod";
import { notSupported } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

/**
 * `system-presence` (the connected clients, one entry each, in OpenClaw's presence shape),
 * `last-heartbeat` (clawfleet runs no heartbeats: `null`, as OpenClaw answers before the first
 * one) and `set-heartbeats` (not supported).
 */
export function presenceMethods(deps: GatewayDeps): MethodDef[] {
  return [
    defineMethod("system-presence", Scope.Read, z.looseObject({}), async () => {
      const host = hostname();
      return deps.clients.presence().map((entry) => ({
        host,
        ip: entry.address,
        version: entry.version,
        platform: entry.platform,
        mode: entry.mode,
        reason: "connect",
        roles: ["operator"],
        instanceId: entry.instanceId ?? entry.connId,
        deviceId: entry.instanceId ?? entry.connId,
        clientId: entry.clientId,
        connId: entry.connId,
        text: `${entry.clientId}${entry.version ? ` ${entry.version}` : ""} from ${entry.address}`,
        ts: entry.connectedAt,
      }));
    }),
    defineMethod("last-heartbeat", Scope.Read, z.looseObject({}), async () => null),
    defineMethod("set-heartbeats", Scope.Admin, z.looseObject({}), async () => {
      throw notSupported("heartbeats (set-heartbeats)");
    }),
  ];
}
