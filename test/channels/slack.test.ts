import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ChannelsStatus, connectBus, PairingApprove, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  SlackFake,
  startEchoAgent,
  startNatsServer,
  type EchoAgent,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { longReplyWithCode } from "./support/long-reply.js";
import {
  eventually,
  pause,
  startChannelsUnderTest,
  type ChannelsUnderTest,
} from "./support/channels-harness.js";

const BOT_TOKEN = "xoxb-slack-test-bot-token";
const APP_TOKEN = "xapp-slack-test-app-token";

describe(
  "slack connector (Bolt in Socket Mode against the Slack fake, real nats-server)",
  {
    timeout: 120_000,
  },
  () => {
    let nats: NatsTestServer;
    let fake: SlackFake;
    let channels: ChannelsUnderTest;
    let agent: EchoAgent;
    let bus: Bus;
    let botId: string;

    before(async () => {
      nats = await startNatsServer();
      fake = new SlackFake();
      await fake.start();
      botId = fake.addApp(BOT_TOKEN, APP_TOKEN).userId;
      channels = await startChannelsUnderTest(
        nats.url,
        {
          channels: {
            slack: {
              allowFrom: ["U0ALICE"],
              groupPolicy: "open",
              channels: { "*": { requireMention: true } },
              apiUrl: fake.apiUrl,
            },
          },
        },
        { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN },
      );
      bus = await connectBus({ servers: nats.url, name: "slack-test", logger: silentLogger });
      agent = startEchoAgent(bus, {
        reply: (input) => (input.text === "long" ? longReplyWithCode() : `echo: ${input.text}`),
      });
      await eventually(async () => {
        const { accounts } = await bus.request(ChannelsStatus, {}, {});
        return accounts.find((a) => a.channel === "slack")?.connected;
      }, 20_000);
    });

    after(async () => {
      await agent?.stop();
      await channels?.stop();
      await bus?.drain();
      await fake?.stop();
      await nats?.dispose();
    });

    it("answers an allowed DM once and acknowledges the envelope", async () => {
      fake.message("D0ALICE", "U0ALICE", "hello there");
      const [reply] = await fake.waitForPosted("D0ALICE");
      assert.equal(reply?.text, "echo: hello there");
      await pause(1000);
      assert.equal(fake.postedTo("D0ALICE").length, 1);
      assert.ok(fake.acked.length >= 1, "Socket Mode envelopes are acknowledged");
    });

    it("pairs an unknown DM sender; after approval answers each message once, in order", async () => {
      fake.message("D0CAROL", "U0CAROL", "hi?");
      const [codeMessage] = await fake.waitForPosted("D0CAROL");
      const code = /Pairing code: ([A-Z2-9]{8})/.exec(codeMessage?.text ?? "")?.[1];
      assert.ok(code, codeMessage?.text);
      fake.message("D0CAROL", "U0CAROL", "hello?");
      await pause(1500);
      assert.equal(fake.postedTo("D0CAROL").length, 1, "only the code before approval");
      await bus.request(PairingApprove, {}, { channel: "slack", code });
      for (const text of ["one", "two", "three"]) fake.message("D0CAROL", "U0CAROL", text);
      await fake.waitForPosted("D0CAROL", 4);
      await pause(1000);
      assert.deepEqual(
        fake.postedTo("D0CAROL").map((m) => m.text),
        [codeMessage?.text, "echo: one", "echo: two", "echo: three"],
      );
    });

    it("answers in a channel only when mentioned, inside the thread it was asked in", async () => {
      fake.message("C0GENERAL", "U0ALICE", "just chatting");
      const root = fake.message("C0GENERAL", "U0ALICE", `<@${botId}> what time is it?`, {
        threadTs: "1699999999.000100",
      });
      const [first] = await fake.waitForPosted("C0GENERAL");
      assert.equal(first?.text, "echo: what time is it?");
      assert.equal(first?.threadTs, "1699999999.000100");
      assert.ok(root);
      await pause(1500);
      assert.equal(fake.postedTo("C0GENERAL").length, 1, "the unmentioned message got nothing");
    });

    it("chunks a long reply without splitting a code fence, waiting out a 429", async () => {
      fake.rateLimitNext(1);
      fake.message("D0ALICE", "U0ALICE", "long");
      const sent = await fake.waitForPosted("D0ALICE", 3, 20_000);
      const chunks = sent.slice(1).map((m) => m.text);
      assert.ok(chunks.length >= 2);
      for (const chunk of chunks) {
        assert.ok(chunk.length <= 4000);
        assert.equal((chunk.match(/```/g) ?? []).length % 2, 0, "no chunk splits a fence");
      }
      await pause(1500);
      assert.equal(fake.postedTo("D0ALICE").length, 1 + chunks.length, "nothing doubled");
    });
  },
);

describe("slack with a wrong bot token", { timeout: 60_000 }, () => {
  it("shows the refusal in channels.status", async () => {
    const nats = await startNatsServer();
    const fake = new SlackFake();
    await fake.start();
    fake.addApp(BOT_TOKEN, APP_TOKEN);
    const channels = await startChannelsUnderTest(
      nats.url,
      {
        channels: {
          slack: { botToken: "xoxb-wrong-token-123", appToken: APP_TOKEN, apiUrl: fake.apiUrl },
        },
      },
      {},
    );
    const bus = await connectBus({ servers: nats.url, name: "t", logger: silentLogger });
    try {
      const account = await eventually(async () => {
        const { accounts } = await bus.request(ChannelsStatus, {}, {});
        const slack = accounts.find((a) => a.channel === "slack");
        return slack?.lastError ? slack : undefined;
      });
      assert.equal(account.connected, false);
      assert.match(
        account.lastError ?? "",
        /Slack rejected the token on auth\.test \(invalid_auth\)/,
      );
    } finally {
      await bus.drain();
      await channels.stop();
      await fake.stop();
      await nats.dispose();
    }
  });
});
