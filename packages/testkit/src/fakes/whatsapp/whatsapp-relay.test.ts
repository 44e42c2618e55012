import assert from "node:assert/strict";
import { once } from "node:events";
import { test } from "node:test";
import { WhatsAppFake } from "./whatsapp-fake.js";
import { relaySocketFactory } from "./whatsapp-relay-socket.js";
import { WhatsAppRelay } from "./whatsapp-relay.js";

test("a relayed socket downloads an injected image's bytes; an expired one fails with 410", async () => {
  const fake = new WhatsAppFake();
  const relay = new WhatsAppRelay(fake);
  const url = await relay.start();
  const id = "15550100000:7@s.whatsapp.net";
  fake.linked.add(id);
  const socket = relaySocketFactory(url)({
    auth: {
      creds: { me: { id } },
      keys: {
        get: async () => ({ "1": { private: new Uint8Array([4, 5, 6]) } }),
        set: async () => {},
      },
    },
  });
  const opened = new Promise<void>((resolve) =>
    socket.ev.on("connection.update", (update: { connection?: string }) => {
      if (update.connection === "open") resolve();
    }),
  );
  try {
    await opened;
    const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
    const upserted = once(socket.ev, "messages.upsert");
    const sent = fake.image("15550001111", bytes, { caption: "look" });
    const [{ messages }] = (await upserted) as [{ messages: { key: { id: string } }[] }];
    assert.equal(messages[0]?.key.id, sent.key.id);
    const stream = await socket.downloadMedia(sent);
    assert.deepEqual(new Uint8Array(await new Response(stream).arrayBuffer()), bytes);

    const expired = fake.image("15550001111", bytes, { expired: true });
    await assert.rejects(socket.downloadMedia(expired), (error: Error & { output?: unknown }) => {
      assert.deepEqual(error.output, { statusCode: 410 });
      return true;
    });
  } finally {
    socket.end(undefined);
    await relay.stop();
  }
});
