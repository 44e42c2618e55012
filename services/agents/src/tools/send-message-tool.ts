import { Outbox, type Bus } from "@clawfleet/bus";
import { ReplyTargetSchema } from "@clawfleet/core";
import { stringField, toolError, type AgentTool } from "./agent-tool.js";

/** `send_message`: sends text to a chat on a channel through OUTBOX (delivered by that account's connector). */
export function sendMessageTool(bus: Bus): AgentTool {
  return {
    spec: {
      name: "send_message",
      description:
        "Send a message to a chat on another channel (e.g. Telegram or Discord). Use only when asked to message someone.",
      inputSchema: {
        type: "object",
        properties: {
          channel: { type: "string", description: "telegram, discord, …" },
          to: { type: "string", description: "chat, channel or user id on that channel" },
          kind: {
            type: "string",
            enum: ["dm", "group", "channel"],
            description: "what `to` is (default dm)",
          },
          accountId: { type: "string", description: "bot account (default: default)" },
          threadId: { type: "string" },
          text: { type: "string" },
        },
        required: ["channel", "to", "text"],
      },
    },
    async run(input, ctx) {
      const text = stringField(input, "text");
      if (!text) return toolError("send_message needs text");
      const parsed = ReplyTargetSchema.safeParse({
        channel: stringField(input, "channel")?.toLowerCase(),
        accountId: stringField(input, "accountId") ?? "default",
        peer: { kind: stringField(input, "kind") ?? "dm", id: stringField(input, "to") },
        ...(stringField(input, "threadId") ? { threadId: stringField(input, "threadId") } : {}),
      });
      if (!parsed.success)
        return toolError(
          `send_message: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        );
      const target = parsed.data;
      const id = ctx.effectId("send");
      await bus.jsPublish(
        Outbox,
        { channel: target.channel, account: target.accountId },
        { id, target, text, sessionKey: ctx.sessionKey, origin: "send", createdAt: Date.now() },
        { msgID: id },
      );
      return {
        content: `queued for delivery on ${target.channel} (${target.peer.kind} ${target.peer.id})`,
      };
    },
  };
}
