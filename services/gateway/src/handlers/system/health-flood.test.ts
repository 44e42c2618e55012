import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ChannelsStatus, connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { startTestGateway, type TestGateway } from "../../test-support/gateway-fixture.js";
import { connectClient, type ProtocolClient } from "../../test-support/protocol-client.js";
import { OVERVIEW_MAX_AGE_MS } from "./overview-snapshot.js";

// Issue 15, item 5: every `health` and `status` frame fanned out bus requests to the other
// services (20,000 frames: 59,677 of 60,000 bus requests failed, ~53,700 error lines in the
// services). Through a real gateway, a flood of both frames must reach the channels service only
// about once per overview age, however many frames there are.
const TOKEN = "health-flood-token-0123456789";
const CLIENTS = 4;
const FRAMES_PER_CLIENT = 50;
let nats: NatsTestServer;
let bus: Bus;
let gateway: TestGateway;
let channelsRequests = 0;

before(async () => {
  nats = await startNatsServer();
  gateway = await startTestGateway({
    natsUrl: nats.url,
    token: TOKEN,
    config: `{ gateway: { mode: "local" } }`,
  });
  bus = await connectBus({ servers: nats.url, name: "channels-stand-in", logger: silentLogger });
  // Stands in for the channels service: counts what reaches it.
  bus.serve(ChannelsStatus, {}, () => {
    channelsRequests++;
    return { ts: Date.now(), accounts: [] };
  });
});
after(async () => {
  await bus.close();
  await gateway.stop();
  await nats.dispose();
});

test(
  "a flood of health and status frames through the gateway reaches the channels service about once per overview age",
  { timeout: 60_000 },
  async () => {
    const clients: ProtocolClient[] = [];
    for (let i = 0; i < CLIENTS; i++)
      clients.push(await connectClient(gateway.wsUrl, { token: TOKEN }));
    try {
      const started = Date.now();
      const answers = await Promise.all(
        clients.map(async (client) => {
          const replies = [];
          for (let i = 0; i < FRAMES_PER_CLIENT; i++)
            replies.push(await client.request(i % 2 === 0 ? "health" : "status"));
          return replies;
        }),
      );
      const elapsed = Date.now() - started;
      const replies = answers.flat();
      assert.equal(replies.length, CLIENTS * FRAMES_PER_CLIENT);
      for (const reply of replies) assert.equal(reply.ok, true, JSON.stringify(reply.error));
      // One gathering per overview age, plus the one under way when the flood began.
      const bound = Math.ceil(elapsed / OVERVIEW_MAX_AGE_MS) + 1;
      assert.ok(channelsRequests >= 1, "health and status read the channels service");
      assert.ok(
        channelsRequests <= bound,
        `${replies.length} frames in ${elapsed} ms made ${channelsRequests} channels.status requests (at most ${bound} expected)`,
      );
    } finally {
      for (const client of clients) client.close();
    }
  },
);
