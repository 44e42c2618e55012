import { randomBytes } from "node:crypto";
import { Outbox, type Bus, type OutboxMessage } from "@clawfleet/bus";

/** The leading bytes that make a buffer sniff as each image type. */
const MAGIC = {
  png: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: () => Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  gif: () => Buffer.from("GIF89a", "latin1"),
  webp: (size: number) => {
    const header = Buffer.from("RIFF....WEBP", "latin1");
    header.writeUInt32LE(size - 8, 4);
    return header;
  },
} as const;

/** `size` random bytes with the header of a `type` image: sniffs as that type, different each call. */
export function imageBytes(type: keyof typeof MAGIC, size: number): Buffer {
  const bytes = randomBytes(size);
  bytes.set(MAGIC[type](size), 0);
  return bytes;
}

/** Publishes an agent's reply on the outbox of `channel`'s default account, with `msgID` for dedup. */
export async function publishReply(
  bus: Bus,
  channel: string,
  message: Omit<OutboxMessage, "origin">,
  msgID: string,
): Promise<void> {
  await bus.jsPublish(
    Outbox,
    { channel, account: "default" },
    { ...message, origin: "agent" },
    { msgID },
  );
}
