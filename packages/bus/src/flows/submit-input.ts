import { sessionToken } from "@clawfleet/core";
import type * as z from "zod";
import type { inboxInputSchema } from "../catalogue/agents.js";
import { Inbox, Turns } from "../catalogue/agents.js";
import type { Bus } from "../core/bus.js";

/** Where an input landed in its session's inbox. */
export interface SubmittedInput {
  /** Stream sequence of the input (of the first copy, when this was a duplicate). */
  seq: number;
  /** True when the inbox already held an input with this id (a webhook retry, a replay). */
  duplicate: boolean;
}

/**
 * Appends an input to its session's inbox (deduplicated by `input.id`) and signals the agent
 * workers. The signal is sent for duplicates too: if the first submitter died between the two
 * publishes, the retry is what gets the input answered; workers ack signals for answered input.
 */
export async function submitInput(
  bus: Bus,
  input: z.input<typeof inboxInputSchema>,
): Promise<SubmittedInput> {
  const session = sessionToken(input.sessionKey);
  const ack = await bus.jsPublish(Inbox, { session }, input, { msgID: input.id });
  await bus.jsPublish(
    Turns,
    { session },
    { sessionKey: input.sessionKey, seq: ack.seq },
    { msgID: `${session}:${ack.seq}` },
  );
  return { seq: ack.seq, duplicate: ack.duplicate };
}
