import * as z from "zod";
import { OpenClawConfigSchema } from "./openclaw-config.js";

/** JSON Schema (draft 2020-12) of what may be written in `openclaw.json`, for editors and the Control UI. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(OpenClawConfigSchema, { io: "input" }),
    title: "openclaw.json",
    description:
      "clawfleet / OpenClaw gateway configuration. Unknown keys are accepted with a warning.",
  };
}
