import * as z from "zod";
import { defineRequest } from "./define.js";

/**
 * A one-time Control UI link (`clawfleet dashboard`). The caller makes the one-time code itself and
 * sends only its SHA-256, so no usable secret crosses the bus; the gateway answers with its Control UI
 * address and whether a code is needed at all (not when the gateway runs without auth on loopback).
 */
export const DashboardLink = defineRequest({
  name: "gateway.dashboard.link",
  subject: "gateway.dashboard.link.v1",
  schema: z.object({ codeSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  reply: z.object({
    url: z.string(),
    tokenNeeded: z.boolean(),
    expiresAt: z.number(),
  }),
  doc: "Registers a single-use, ten-minute Control UI code (by its SHA-256) and returns the UI address.",
});
