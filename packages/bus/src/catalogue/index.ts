import * as agents from "./agents.js";
import * as channels from "./channels.js";
import * as cron from "./cron.js";
import * as gateway from "./gateway.js";
import type { SubjectDef } from "./define.js";
import * as logs from "./logs.js";
import { Buckets, Consumers, ObjectStores, Streams } from "./resources.js";
import * as voice from "./voice.js";
import * as voiceStream from "./voice-stream.js";
import * as workspace from "./workspace.js";
import type { ProvisionPlan } from "../jetstream/provision.js";

/** Every subject of the catalogue, for docs, `clawfleet status` and uniqueness checks. */
export const catalogue: readonly SubjectDef[] = [
  agents,
  channels,
  voice,
  voiceStream,
  logs,
  workspace,
  cron,
  gateway,
].flatMap((module) =>
  Object.values(module).filter(
    (value): value is SubjectDef =>
      typeof value === "object" && value !== null && "kind" in value && "subject" in value,
  ),
);

/** Everything a service provisions at start; idempotent. */
export const provisionPlan: ProvisionPlan = {
  streams: Object.values(Streams),
  consumers: Object.values(Consumers),
  buckets: Object.values(Buckets),
  objectStores: Object.values(ObjectStores),
};

export * from "./agents.js";
export * from "./attachments.js";
export * from "./session-state.js";
export * from "./channels.js";
export * from "./voice.js";
export * from "./voice-stream.js";
export * from "./logs.js";
export * from "./workspace.js";
export * from "./cron.js";
export * from "./gateway.js";
export * from "./resources.js";
export * from "./define.js";
