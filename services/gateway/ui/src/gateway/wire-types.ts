// The shapes of the gateway answers the Control UI reads, derived from the bus catalogue and the
// gateway's own payload types instead of retyped by hand. Type-only: nothing of these modules
// reaches the browser bundle.
import type { ChannelLogin, PairingList, SessionSummary } from "@clawfleet/bus";
import type * as z from "zod";
import type { ChannelsStatusPayload } from "../../../src/handlers/channels/channels-status.js";
import type { ChatEventPayload } from "../../../src/domain/chat-event-mapper.js";
import type { LogsPage } from "../../../src/handlers/logs/logs-tail.js";
import type { processGroups } from "../../../src/handlers/system/overview.js";

export type { ChannelsStatusPayload, ChatEventPayload, LogsPage };

/** `channels.pairing.list`, as the channels service answers it. */
export type PairingListPayload = z.output<(typeof PairingList)["reply"]>;

/** One pending DM pairing request. */
export type PairingRequest = PairingListPayload["requests"][number];

/** `web.login.start` / `web.login.wait`: the parts of the holder's answer the QR panel shows. */
export type LoginReply = Pick<
  z.output<(typeof ChannelLogin)["reply"]>,
  "connected" | "qrDataUrl" | "message"
>;

/** One row of `sessions.list`: the agents' session summary plus OpenClaw's fields the UI reads. */
export type SessionRow = SessionSummary & {
  lastMessagePreview?: string;
  /** Name given with `sessions.patch`. */
  label?: string;
  /** Provider of `model` (which is then the bare model id). */
  modelProvider?: string;
  /** The session's own model choice, provider and model apart (absent: the configured model). */
  providerOverride?: string;
  modelOverride?: string;
};

/** One `models.list` entry: `ref` is the `provider/model` `sessions.patch` takes. */
export interface ModelEntry {
  id: string;
  provider: string;
  name: string;
  ref: string;
  alias?: string;
  available?: boolean;
  reason?: string;
  /** What the model takes: `["text", "image"]` when it can see images. */
  input?: string[];
}

/** One structured log line of a `logs.tail` page. */
export type LogEntry = LogsPage["entries"][number];

/** One process group of `status` with its live instances. */
export type ProcessGroup = ReturnType<typeof processGroups>[number];
