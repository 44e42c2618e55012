import * as z from "zod";
import { PlatformIdSchema } from "./ids.js";

/** `bindings[].match.peer.kind`: the kind of conversation a binding pins to an agent. */
export const PeerKind = { Dm: "dm", Group: "group", Channel: "channel" } as const;
/** One of {@link PeerKind}. */
export type PeerKind = (typeof PeerKind)[keyof typeof PeerKind];

/** One routing rule: messages matching `match` go to `agentId`. */
export const BindingSchema = z.object({
  agentId: z.string().min(1),
  match: z.object({
    channel: z.string().min(1).describe("discord, telegram, webchat, voice …"),
    accountId: z.string().min(1).optional().describe('account id, or "*" for any account'),
    peer: z.object({ kind: z.enum(PeerKind), id: PlatformIdSchema }).optional(),
    guildId: PlatformIdSchema.optional(),
  }),
});

/** `bindings`: most specific match wins (peer → guildId → accountId → "*" → default agent). */
export const BindingsSchema = z.array(BindingSchema);
