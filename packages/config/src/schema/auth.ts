import * as z from "zod";

/** `auth.profiles.*.mode`: the kind of credential a provider profile uses. */
export const AuthProfileMode = { Token: "token", ApiKey: "api_key", OAuth: "oauth" } as const;
/** One of {@link AuthProfileMode}. */
export type AuthProfileMode = (typeof AuthProfileMode)[keyof typeof AuthProfileMode];

/** `auth`: credential profile metadata; the secrets themselves come from env (`ANTHROPIC_API_KEY`, …). */
export const AuthSchema = z.object({
  profiles: z
    .record(
      z.string().regex(/^[^:\s]+:[^:\s]+$/, 'profile ids look like "<provider>:<name>"'),
      z.object({ provider: z.string().min(1), mode: z.enum(AuthProfileMode) }),
    )
    .default(() => ({})),
  order: z
    .record(z.string(), z.array(z.string()))
    .default(() => ({}))
    .describe("provider → profile ids tried in order"),
});
