import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startNatsServer, TelegramFake, type NatsTestServer } from "@clawfleet/testkit";
import { startChannelsUnderTest, type ChannelsUnderTest } from "./support/channels-harness.js";

// Tokens set only in openclaw.json (no TELEGRAM_BOT_TOKEN in the environment).
const MAIN_TOKEN = "1111:config-file-token-main-abcdef";
const OTHER_TOKEN = "2222:config-file-token-other-ghijkl";
let nats: NatsTestServer;
let fake: TelegramFake;
let channels: ChannelsUnderTest;

before(async () => {
  nats = await startNatsServer();
  fake = new TelegramFake();
  await fake.start();
  const main = fake.addBot({ token: MAIN_TOKEN, username: "main_bot" });
  const other = fake.addBot({ token: OTHER_TOKEN, username: "other_bot" });
  channels = await startChannelsUnderTest(nats.url, {
    channels: {
      telegram: {
        apiRoot: fake.apiRoot,
        accounts: { main: { botToken: MAIN_TOKEN }, other: { botToken: OTHER_TOKEN } },
      },
    },
  });
  await main.updates.waitForPoll(15_000);
  await other.updates.waitForPoll(15_000);
});
after(async () => {
  await channels?.stop();
  await fake?.stop();
  await nats?.dispose();
});

test("bot tokens set in openclaw.json are redacted in the channels' logs", () => {
  // What a library error quoting the request URL would log.
  for (const token of [MAIN_TOKEN, OTHER_TOKEN])
    channels.rootLogger
      .child({ subsystem: "grammy" })
      .error(`request to ${fake.apiRoot}/bot${token}/getUpdates failed`, { url: `/bot${token}` });
  const text = channels.logs.map((l) => JSON.stringify(l)).join("\n");
  assert.match(text, /getUpdates failed/, "the lines were written");
  assert.ok(!text.includes(MAIN_TOKEN), "one account's token never appears in logs");
  assert.ok(!text.includes(OTHER_TOKEN), "the other account's token never appears in logs");
});
