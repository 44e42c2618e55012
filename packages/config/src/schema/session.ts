import * as z from "zod";

/** `session.dmScope`: how DMs map to sessions — one shared, per sender, per channel+sender, per account+channel+sender. */
export const DmScope = {
  Main: "main",
  PerPeer: "per-peer",
  PerChannelPeer: "per-channel-peer",
  PerAccountChannelPeer: "per-account-channel-peer",
} as const;
/** One of {@link DmScope}. */
export type DmScope = (typeof DmScope)[keyof typeof DmScope];

/** `session.reset.mode`: start a fresh session every day at `atHour`, or after `idleMinutes` of silence. */
export const ResetMode = { Daily: "daily", Idle: "idle" } as const;
/** One of {@link ResetMode}. */
export type ResetMode = (typeof ResetMode)[keyof typeof ResetMode];

/** `session`: how conversations map to sessions and when they reset. */
export const SessionSchema = z.object({
  dmScope: z.enum(DmScope).default("main"),
  mainKey: z.string().min(1).default("main"),
  reset: z
    .object({
      mode: z.enum(ResetMode),
      atHour: z.number().int().min(0).max(23).default(4),
      idleMinutes: z.number().int().min(1).optional(),
    })
    .superRefine((reset, ctx) => {
      if (reset.mode === "idle" && reset.idleMinutes === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["idleMinutes"],
          message: 'required when mode is "idle"',
        });
      }
    })
    .optional()
    .describe("absent: sessions only reset on a reset trigger"),
  resetTriggers: z.array(z.string().min(1)).default(() => ["/new", "/reset"]),
});
