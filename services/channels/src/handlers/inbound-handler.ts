import { AgentAbort, Outbox, submitInput, type Bus } from "@clawfleet/bus";
import {
  inboundDedupeId,
  replyTargetFor,
  sessionToken,
  type CoreConfig,
  type InboundMessage,
} from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import type { AccountSpec } from "../domain/account-spec.js";
import type { BotIdentity } from "../domain/channel-adapter.js";
import type { InboundMedia } from "../domain/inbound-media.js";
import { decideInbound, type InboundPlan } from "../domain/inbound-decision.js";
import { pairingReplyText } from "../domain/pairing-text.js";
import type { PairingStore } from "../state/pairing-store.js";
import { resolveInboundMedia } from "./inbound-media.js";

/** What the inbound pipeline of an account needs. */
export interface InboundDeps {
  bus: Bus;
  /** The running config (read per message, so access and routing changes apply at once). */
  config: () => CoreConfig;
  /** The account's current spec (access rules). */
  spec: () => AccountSpec;
  pairing: PairingStore;
  logger: Logger;
  /** The largest inbound image passed on as an image (read per message). */
  maxImageBytes: () => number;
  /** Called for every message received, before any decision. */
  onActivity?: () => void;
}

/**
 * The inbound pipeline of one account: access policy and routing (pure), then either the session
 * inbox (deduplicated by the platform message id; `/stop` also aborts the running turn), a pairing
 * code for an unknown DM sender, or nothing. Media is downloaded only for a message that goes to
 * the inbox (images stored and referenced, the rest as placeholders). A rejection means the message
 * was not handed on and should be delivered again.
 */
export function createInboundHandler(
  deps: InboundDeps,
): (message: InboundMessage, bot: BotIdentity, media?: readonly InboundMedia[]) => Promise<void> {
  const log = deps.logger.child({ subsystem: "inbound" });
  return async (message, bot, media = []) => {
    deps.onActivity?.();
    const spec = deps.spec();
    const needsPairing =
      message.peer.kind === "dm" && (spec.access.dmPolicy ?? "pairing") === "pairing";
    const paired = needsPairing ? await deps.pairing.pairedSenders(spec) : new Set<string>();
    let plan = decideInbound(message, {
      config: deps.config(),
      access: spec.access,
      pairedSenders: paired,
      bot,
    });
    if (plan.action === "pair") {
      const approvedMeanwhile = await issuePairingCode(deps, message, log);
      if (!approvedMeanwhile) return;
      plan = decideInbound(message, {
        config: deps.config(),
        access: spec.access,
        pairedSenders: new Set([...paired, message.sender.id]),
        bot,
      });
    }
    if (plan.action === "drop") {
      log.debug(`dropped ${message.channel} message ${message.messageId}: ${plan.reason}`);
      return;
    }
    if (plan.action === "submit") await submit(deps, message, plan, media, log);
  };
}

async function submit(
  deps: InboundDeps,
  message: InboundMessage,
  plan: Extract<InboundPlan, { action: "submit" }>,
  media: readonly InboundMedia[],
  log: Logger,
): Promise<void> {
  const { route } = plan;
  const { attachments, notes } =
    media.length > 0
      ? await resolveInboundMedia(deps.bus, media, deps.maxImageBytes(), log)
      : { attachments: [], notes: [] };
  const submitted = await submitInput(deps.bus, {
    id: inboundDedupeId(message),
    sessionKey: route.sessionKey,
    agentId: route.agentId,
    text: [plan.text, ...notes].filter((part) => part !== "").join("\n"),
    ...(attachments.length > 0 ? { attachments } : {}),
    source: "channel",
    message,
    replyTarget: replyTargetFor(message),
    trusted: false,
    receivedAt: Date.now(),
  });
  if (plan.command?.name === "stop" && !submitted.duplicate) {
    deps.bus.publish(
      AgentAbort,
      { session: sessionToken(route.sessionKey) },
      { sessionKey: route.sessionKey, reason: "/stop" },
    );
  }
}

/** Issues (or refuses) a pairing code; true when the sender turned out to be approved already. */
async function issuePairingCode(
  deps: InboundDeps,
  message: InboundMessage,
  log: Logger,
): Promise<boolean> {
  const account = { channel: message.channel, accountId: message.accountId };
  const result = await deps.pairing.request(
    account,
    {
      id: message.sender.id,
      username: message.sender.username,
      displayName: message.sender.displayName,
    },
    Date.now(),
  );
  switch (result.status) {
    case "already_approved":
      return true;
    case "existing":
      log.debug(
        `${message.channel}/${message.accountId}: sender ${message.sender.id} already has a pending pairing code`,
      );
      return false;
    case "refused":
      log.warn(
        `${message.channel}/${message.accountId}: no pairing code for sender ${message.sender.id}: ${result.message}`,
      );
      return false;
    case "created": {
      const id = `pairing:${inboundDedupeId(message)}`;
      const target = { channel: message.channel, accountId: message.accountId, peer: message.peer };
      const text = pairingReplyText(message.channel, message.sender.id, result.code);
      await deps.bus.jsPublish(
        Outbox,
        { channel: message.channel, account: message.accountId },
        { id, target, text, origin: "system", createdAt: Date.now() },
        { msgID: id },
      );
      log.info(
        `${message.channel}/${message.accountId}: pairing code ${result.code} issued to sender ${message.sender.id}${message.sender.username ? ` (@${message.sender.username})` : ""}; approve with: clawfleet pairing approve ${message.channel} ${result.code}`,
      );
      return false;
    }
  }
}
