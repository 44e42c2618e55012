import type { OpenClawConfig } from "@clawfleet/config";
import type { ReplyTarget } from "@clawfleet/core";
import { resolveSendAccount } from "../../domain/channel-accounts.js";
import { outboundTarget } from "../../domain/outbound-target.js";
import { invalidRequest } from "../../errors.js";

/** Where `send`, `message.action` send and `agent` with `deliver` are told to put text. */
export interface DeliveryAddress {
  to: string;
  channel?: string | undefined;
  accountId?: string | undefined;
  threadId?: string | undefined;
}

/**
 * The reply target of an address: its account (the named one, or the channel's only or default
 * one) and its destination; an account or destination that cannot be resolved is INVALID_REQUEST
 * with the reason.
 */
export function deliveryTarget(config: OpenClawConfig, address: DeliveryAddress): ReplyTarget {
  const account = resolveSendAccount(config, address.channel, address.accountId);
  if (typeof account === "string") throw invalidRequest(account);
  const target = outboundTarget({
    ...account,
    to: address.to,
    ...(address.threadId ? { threadId: address.threadId } : {}),
  });
  if (typeof target === "string") throw invalidRequest(target);
  return target;
}
