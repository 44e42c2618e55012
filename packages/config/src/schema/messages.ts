import * as z from "zod";

/** `messages.queue.mode`: what happens to messages that arrive while a turn runs. */
export const QueueMode = {
  Collect: "collect",
  Followup: "followup",
  Steer: "steer",
  Interrupt: "interrupt",
} as const;
/** One of {@link QueueMode}. */
export type QueueMode = (typeof QueueMode)[keyof typeof QueueMode];

/** `messages`: reply prefix, queueing of inbound messages and group-chat context. */
export const MessagesSchema = z.object({
  responsePrefix: z.string().optional(),
  queue: z
    .object({
      mode: z.enum(QueueMode).default("collect"),
      debounceMs: z.number().int().min(0).default(1000),
      cap: z.number().int().min(1).default(20),
    })
    .prefault({}),
  groupChat: z
    .object({
      historyLimit: z.number().int().min(0).default(50),
      mentionPatterns: z.array(z.string()).default(() => []),
    })
    .prefault({}),
});
