import * as z from "zod";
import { WebSearchConfigSchema } from "./web-search.js";

/** `tools`: settings of the built-in tools (per-agent allow/deny live on `agents.list[].tools`). */
export const ToolsSchema = z.object({
  web: z.object({ search: WebSearchConfigSchema.prefault({}) }).prefault({}),
});
