import * as z from "zod";

/** `connect` params as OpenClaw clients send them; extra fields (device, locale, caps …) are accepted and ignored. */
export const connectParamsSchema = z.looseObject({
  minProtocol: z.number().int(),
  maxProtocol: z.number().int(),
  client: z
    .looseObject({
      id: z.string().max(128).optional(),
      version: z.string().max(64).optional(),
      platform: z.string().max(64).optional(),
      deviceFamily: z.string().max(64).optional(),
      mode: z.string().max(32).optional(),
      instanceId: z.string().max(128).optional(),
      displayName: z.string().max(128).optional(),
    })
    .prefault({}),
  role: z.string().max(32).optional(),
  scopes: z.array(z.string().max(64)).max(32).optional(),
  auth: z
    .looseObject({
      token: z.string().max(4096).optional(),
      password: z.string().max(4096).optional(),
      deviceToken: z.string().max(4096).optional(),
    })
    .optional(),
});

/** Validated `connect` params. */
export type ConnectParams = z.infer<typeof connectParamsSchema>;
