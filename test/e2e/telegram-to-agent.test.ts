import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ChatHistory, connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  AnthropicFake,
  launchCli,
  startNatsServer,
  TelegramFake,
  tgUser,
  type LaunchedCli,
  type NatsTestServer,
  type TelegramFakeBot,
} from "@clawfleet/testkit";

// The whole path of a Telegram DM with built processes and no stand-ins on our side:
// Telegram fake → `clawfleet channels` → INBOX → `clawfleet agents` → Anthropic fake → OUTBOX →
// `clawfleet channels` → Telegram fake.
const TOKEN = "7100:e2e-telegram-token";

describe(
  "a Telegram DM answered by the agents service through the LLM",
  { timeout: 180_000 },
  () => {
    let nats: NatsTestServer;
    let bus: Bus;
    let bot: TelegramFakeBot;
    const telegram = new TelegramFake();
    const llm = new AnthropicFake();
    const procs: LaunchedCli[] = [];
    const alice = tgUser(601, "Alice", "alice");

    before(async () => {
      nats = await startNatsServer();
      await telegram.start();
      bot = telegram.addBot({ token: TOKEN, username: "claw_e2e_bot" });
      const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-e2e-"));
      writeFileSync(
        join(stateDir, "openclaw.json"),
        JSON.stringify({
          agents: { defaults: { model: "anthropic/claude-sonnet-4-6" } },
          channels: {
            telegram: {
              dmPolicy: "allowlist",
              allowFrom: [String(alice.id)],
              apiRoot: telegram.apiRoot,
            },
          },
        }),
      );
      const env = {
        NATS_URL: nats.url,
        OPENCLAW_STATE_DIR: stateDir,
        TELEGRAM_BOT_TOKEN: TOKEN,
        ANTHROPIC_API_KEY: "sk-ant-test-key",
        ANTHROPIC_BASE_URL: await llm.start(),
      };
      procs.push(launchCli(["agents"], env), launchCli(["channels"], env));
      await Promise.all(procs.map((p) => p.waitReady(20_000)));
      bus = await connectBus({ servers: nats.url, name: "e2e-test", logger: silentLogger });
      await bot.updates.waitForPoll(15_000);
    });

    after(async () => {
      await Promise.all(procs.map((p) => p.stop()));
      await bus?.drain();
      await telegram.stop();
      await llm.stop();
      await nats?.dispose();
    });

    it("one reply from the model, quoting the DM; the session's history has both sides", async () => {
      const update = bot.injectPrivateMessage(alice, "what is on my list today?");
      const reply = await bot.waitForSentMessage({ chatId: alice.id, timeoutMs: 30_000 });
      assert.match(reply.text ?? "", /^echo: [\s\S]*what is on my list today\?/);
      assert.equal(reply.replyToMessageId, update.message?.message_id);
      const request = llm.requests.all().at(-1)!;
      assert.match(
        request.lastUserText,
        /<channel_message[^>]*>\s*what is on my list today\?\s*<\/channel_message>/,
        "channel text reaches the model marked as untrusted",
      );
      assert.match(request.system, /untrusted user content/);

      const sessionKey = "agent:main:main";
      const history = await bus.request(ChatHistory, {}, { sessionKey });
      const [user, assistant] = history.messages.slice(-2);
      assert.equal(user?.role, "user");
      assert.match(user?.text ?? "", /what is on my list today\?/);
      assert.equal(assistant?.role, "assistant");
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(bot.sentMessages(alice.id).length, 1, "exactly one reply");
    });

    it("answers chat commands without the model: /status names the session's model", async () => {
      const before = llm.requests.all().length;
      bot.injectPrivateMessage(alice, "/status");
      const reply = await bot.waitForSentMessage({ chatId: alice.id, n: 2, timeoutMs: 30_000 });
      assert.match(reply.text ?? "", /claude-sonnet-4-6/);
      assert.equal(llm.requests.all().length, before, "a chat command does not call the model");
    });
  },
);
