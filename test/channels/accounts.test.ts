import assert from "node:assert/strict";
import { test } from "node:test";
import { ChannelsStatus } from "@clawfleet/bus";
import { startEchoAgent, startNatsServer, TelegramFake, tgUser } from "@clawfleet/testkit";
import { startChannelsUnderTest } from "./support/channels-harness.js";

test(
  "several bots per channel (accounts{}): each answers its own chats and routes by account",
  { timeout: 60_000 },
  async () => {
    const nats = await startNatsServer();
    const fake = new TelegramFake();
    await fake.start();
    const work = fake.addBot({ token: "7101:work-token", username: "claw_work_bot" });
    const home = fake.addBot({ token: "7102:home-token", username: "claw_home_bot" });
    const channels = await startChannelsUnderTest(nats.url, {
      agents: { list: [{ id: "main", default: true }, { id: "office" }] },
      bindings: [{ agentId: "office", match: { channel: "telegram", accountId: "work" } }],
      channels: {
        telegram: {
          apiRoot: fake.apiRoot,
          dmPolicy: "open",
          accounts: {
            work: { botToken: "7101:work-token" },
            home: { botToken: "7102:home-token" },
          },
        },
      },
    });
    const agent = startEchoAgent(channels.bus);
    try {
      const kim = tgUser(1201, "Kim");
      work.injectPrivateMessage(kim, "to work");
      home.injectPrivateMessage(kim, "to home");
      assert.equal(
        (await work.waitForSentMessage({ chatId: kim.id, timeoutMs: 15_000 })).text,
        "echo: to work",
      );
      assert.equal(
        (await home.waitForSentMessage({ chatId: kim.id, timeoutMs: 15_000 })).text,
        "echo: to home",
      );
      assert.equal(work.sentMessages().length, 1);
      assert.equal(home.sentMessages().length, 1);
      const byText = new Map(agent.answered.map((input) => [input.text, input]));
      assert.equal(
        byText.get("to work")?.agentId,
        "office",
        "the account binding picked the agent",
      );
      assert.equal(byText.get("to home")?.agentId, "main");
      assert.deepEqual(
        [
          byText.get("to work")?.replyTarget?.accountId,
          byText.get("to home")?.replyTarget?.accountId,
        ],
        ["work", "home"],
      );
      const { accounts } = await channels.bus.request(ChannelsStatus, {}, {});
      assert.deepEqual(accounts.map((a) => [a.accountId, a.connected, a.botName]).sort(), [
        ["home", true, "@claw_home_bot"],
        ["work", true, "@claw_work_bot"],
      ]);
    } finally {
      await agent.stop();
      await channels.stop();
      await fake.stop();
      await nats.dispose();
    }
  },
);
