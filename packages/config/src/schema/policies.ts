import * as z from "zod";

/** Who may DM the bot: unknown senders get a pairing code, only `allowFrom`, anyone, or nobody. */
export const DmPolicy = {
  Pairing: "pairing",
  Allowlist: "allowlist",
  Open: "open",
  Disabled: "disabled",
} as const;
/** One of {@link DmPolicy}. */
export type DmPolicy = (typeof DmPolicy)[keyof typeof DmPolicy];
/** Schema of {@link DmPolicy}. */
export const DmPolicySchema = z.enum(DmPolicy);

/** Which groups/guild channels the bot answers in: any, only the configured ones, or none. */
export const GroupPolicy = { Open: "open", Allowlist: "allowlist", Disabled: "disabled" } as const;
/** One of {@link GroupPolicy}. */
export type GroupPolicy = (typeof GroupPolicy)[keyof typeof GroupPolicy];
/** Schema of {@link GroupPolicy}. */
export const GroupPolicySchema = z.enum(GroupPolicy);
