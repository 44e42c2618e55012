import * as z from "zod";
import { AgentsSchema } from "./agents.js";
import { AuthSchema } from "./auth.js";
import { BindingsSchema } from "./bindings.js";
import { ChannelsSchema } from "./channels/channels.js";
import { GatewaySchema } from "./gateway.js";
import { LoggingSchema } from "./logging.js";
import { MemorySchema } from "./memory.js";
import { MessagesSchema } from "./messages.js";
import { MetaSchema } from "./meta.js";
import { ModelsSchema } from "./models.js";
import { PluginsSchema } from "./plugins/plugins.js";
import { SessionSchema } from "./session.js";
import { ToolsSchema } from "./tools/tools.js";

/**
 * The whole `openclaw.json`. Objects strip unknown keys instead of rejecting them (the loader
 * reports each as a warning), so a file written for a newer version still starts.
 */
export const OpenClawConfigSchema = z.object({
  $schema: z.string().optional().describe("JSON Schema URL for editors; ignored"),
  meta: MetaSchema.optional(),
  gateway: GatewaySchema.prefault({}),
  agents: AgentsSchema.prefault({}),
  auth: AuthSchema.prefault({}),
  models: ModelsSchema.prefault({}),
  bindings: BindingsSchema.default(() => []),
  session: SessionSchema.prefault({}),
  messages: MessagesSchema.prefault({}),
  memory: MemorySchema.prefault({}),
  channels: ChannelsSchema.prefault({}),
  tools: ToolsSchema.prefault({}),
  plugins: PluginsSchema.prefault({}),
  logging: LoggingSchema.prefault({}),
});

/** A validated config with every default filled in. */
export type OpenClawConfig = z.output<typeof OpenClawConfigSchema>;
/** What may be written in `openclaw.json` (after `$include` and `${VAR}` are resolved). */
export type OpenClawConfigInput = z.input<typeof OpenClawConfigSchema>;
