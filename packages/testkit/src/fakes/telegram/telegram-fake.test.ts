import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { Bot, GrammyError, HttpError } from "grammy";
import { TelegramFake } from "./telegram-fake.js";
import type { TelegramFakeBot } from "./telegram-fake-bot.js";
import { tgGroup, tgUser } from "./telegram-updates.js";
import { testImage } from "../shared/test-images.js";

const TokenA = "1111:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const TokenB = "2222:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

/** Starts long polling and resolves once the fake holds the bot's first getUpdates. */
async function startPolling(bot: Bot, fakeBot: TelegramFakeBot): Promise<{ done: Promise<void> }> {
  const done = bot.start({ timeout: 5 });
  await Promise.race([fakeBot.updates.waitForPoll(), done]);
  return { done };
}

async function call(
  apiRoot: string,
  token: string,
  method: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("TelegramFake with grammY", { timeout: 30_000 }, () => {
  const fake = new TelegramFake();
  let apiRoot = "";
  before(async () => {
    apiRoot = await fake.start();
  });
  after(() => fake.stop());

  it("serves a photo's bytes through getFile and the file URL; an expired file answers 404", async () => {
    const token = "4444:DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD";
    const fakeBot = fake.addBot({ token, username: "photo_bot" });
    const image = testImage("jpeg", 5_000, "holiday");
    const update = fakeBot.injectPhotoMessage(tgUser(7, "Ann"), image, { caption: "look" });
    const photo = update.message?.photo ?? [];
    assert.equal(photo.length, 2, "a thumbnail and the full size, smallest first");
    assert.equal(update.message?.caption, "look");
    const largest = photo[photo.length - 1];
    assert.equal(largest?.file_size, 5_000);
    const bot = new Bot(token, { client: { apiRoot } });
    const file = await bot.api.getFile(largest?.file_id ?? "");
    const res = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`);
    assert.equal(res.status, 200);
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), image);
    fakeBot.expireFile(file.file_id);
    const gone = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`);
    assert.equal(gone.status, 404);
    await assert.rejects(
      bot.api.getFile("no-such-file"),
      (error: unknown) => error instanceof GrammyError && error.error_code === 400,
    );
  });

  it("long-polls an injected private message and records the reply", async () => {
    const fakeBot = fake.addBot({ token: TokenA, username: "alpha_bot" });
    const bot = new Bot(TokenA, { client: { apiRoot } });
    bot.on("message:text", (ctx) => ctx.reply(`you said: ${ctx.message.text}`));
    const { done } = await startPolling(bot, fakeBot);
    const alice = tgUser(42, "Alice");
    const update = fakeBot.injectPrivateMessage(alice, "hello");
    const sent = await fakeBot.waitForSentMessage({ chatId: 42 });
    await bot.stop();
    await done;
    assert.equal(sent.text, "you said: hello");
    assert.equal(sent.message.from?.username, "alpha_bot");
    assert.ok(sent.messageId > (update.message?.message_id ?? 0), "message ids grow per chat");
    assert.deepEqual(
      fake.calls
        .filter((c) => c.token === TokenA)
        .slice(0, 3)
        .map((c) => c.method),
      ["getMe", "deleteWebhook", "getUpdates"],
    );
    assert.equal(fakeBot.updates.pending.length, 0, "bot.stop() confirmed the offset");
  });

  it("honours reply_parameters, forum topics and group mentions", async () => {
    const fakeBot = fake.addBot({ token: TokenB, username: "beta_bot" });
    const bot = new Bot(TokenB, { client: { apiRoot } });
    bot.on("message:text", (ctx) =>
      ctx.reply(`re ${ctx.message.text}`, {
        reply_parameters: { message_id: ctx.message.message_id },
      }),
    );
    const { done } = await startPolling(bot, fakeBot);
    const group = tgGroup(-1001, "Team", { forum: true });
    const bob = tgUser(7, "Bob");
    const topic = fakeBot.injectTopicMessage(group, bob, 55, "in topic", { mention: true });
    const inTopic = await fakeBot.waitForSentMessage({ chatId: -1001 });
    const reply = fakeBot.injectGroupMessage(group, bob, "thanks", { replyTo: inTopic.message });
    const second = await fakeBot.waitForSentMessage({ chatId: -1001, n: 2 });
    await bot.stop();
    await done;
    assert.equal(topic.message?.text, "@beta_bot in topic");
    assert.deepEqual(topic.message?.entities, [{ type: "mention", offset: 0, length: 9 }]);
    assert.equal(inTopic.threadId, 55);
    assert.equal(inTopic.replyToMessageId, topic.message?.message_id);
    assert.equal(inTopic.message.is_topic_message, true);
    assert.equal(reply.message?.reply_to_message?.from?.is_bot, true);
    assert.equal(second.replyToMessageId, reply.message?.message_id);
  });

  it("holds getUpdates until an update arrives and drops confirmed updates", async () => {
    const fakeBot = fake.addBot({
      token: "3333:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
      username: "gamma_bot",
    });
    const started = Date.now();
    const held = call(apiRoot, fakeBot.token, "getUpdates", { timeout: 5 });
    setTimeout(() => fakeBot.injectPrivateMessage(tgUser(1), "late"), 150);
    const first = await held;
    assert.ok(Date.now() - started >= 140, "the poll was held");
    const updates = first.json["result"] as { update_id: number }[];
    assert.equal(updates.length, 1);
    fakeBot.injectPrivateMessage(tgUser(1), "second");
    const next = await call(apiRoot, fakeBot.token, "getUpdates", {
      offset: (updates[0]?.update_id ?? 0) + 1,
    });
    const texts = (next.json["result"] as { message: { text: string } }[]).map(
      (u) => u.message.text,
    );
    assert.deepEqual(texts, ["second"]);
    const empty = await call(apiRoot, fakeBot.token, "getUpdates", { offset: -1, timeout: 0 });
    assert.equal(
      (empty.json["result"] as unknown[]).length,
      1,
      "negative offset keeps the last update",
    );
  });

  it("ends the older poll with 409 when a second poller arrives", async () => {
    const fakeBot = fake.addBot({
      token: "4444:DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
      username: "delta_bot",
    });
    const first = new Bot(fakeBot.token, { client: { apiRoot } });
    const { done } = await startPolling(first, fakeBot);
    const second = await call(apiRoot, fakeBot.token, "getUpdates", { timeout: 0 });
    assert.equal(second.status, 200);
    await assert.rejects(done, (error: unknown) => {
      assert.ok(error instanceof GrammyError);
      assert.equal(error.error_code, 409);
      assert.match(error.description, /^Conflict: terminated by other getUpdates request/);
      return true;
    });
  });

  it("answers 401 to unknown tokens, 404 to unknown methods and accepts form bodies", async () => {
    const unknown = await call(apiRoot, "9999:ZZZZ", "getMe", {});
    assert.equal(unknown.status, 401);
    assert.deepEqual(unknown.json, { ok: false, error_code: 401, description: "Unauthorized" });
    const missing = await call(apiRoot, TokenA, "sendTelepathy", {});
    assert.deepEqual(missing.json, {
      ok: false,
      error_code: 404,
      description: "Not Found: method not found",
    });
    const form = await fetch(`${apiRoot}/bot${TokenA}/sendMessage`, {
      method: "POST",
      body: new URLSearchParams({
        chat_id: "42",
        text: "via form",
        reply_parameters: JSON.stringify({ message_id: 1 }),
      }),
    });
    const json = (await form.json()) as {
      ok: boolean;
      result: { reply_to_message?: { text: string } };
    };
    assert.equal(json.ok, true);
    assert.equal(json.result.reply_to_message?.text, "hello");
    const noChat = await call(apiRoot, TokenA, "sendMessage", { chat_id: 123456, text: "x" });
    assert.deepEqual(noChat.json, {
      ok: false,
      error_code: 400,
      description: "Bad Request: chat not found",
    });
  });

  it("injects 429, delays and dropped sockets as grammY sees them", async () => {
    const bot = new Bot(TokenA, { client: { apiRoot } });
    fake.failNext("sendMessage", { kind: "rateLimit", retryAfter: 3 }, 2);
    for (let i = 0; i < 2; i++) {
      await assert.rejects(bot.api.sendMessage(42, "hi"), (error: unknown) => {
        assert.ok(error instanceof GrammyError);
        assert.equal(error.error_code, 429);
        assert.equal(error.description, "Too Many Requests: retry after 3");
        assert.deepEqual(error.parameters, { retry_after: 3 });
        return true;
      });
    }
    fake.failNext("sendMessage", { kind: "delay", ms: 200 });
    const started = Date.now();
    await bot.api.sendMessage(42, "late but fine");
    assert.ok(Date.now() - started >= 190);
    fake.failNext("sendMessage", { kind: "drop" });
    await assert.rejects(bot.api.sendMessage(42, "lost"), HttpError);
    assert.equal((await bot.api.sendMessage(42, "back")).text, "back");
  });

  it("delivers updates to a webhook with the secret token and executes webhook replies", async () => {
    const fakeBot = fake.addBot({
      token: "5555:EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE",
      username: "epsilon_bot",
    });
    const received: {
      secret: string | undefined;
      body: { update_id: number; message: { chat: { id: number } } };
    }[] = [];
    let failFirst = true;
    const hook = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk.toString()));
      req.on("end", () => {
        if (failFirst) {
          failFirst = false;
          res.writeHead(500).end();
          return;
        }
        const body = JSON.parse(text) as (typeof received)[number]["body"];
        received.push({
          secret: req.headers["x-telegram-bot-api-secret-token"] as string | undefined,
          body,
        });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            method: "sendMessage",
            chat_id: body.message.chat.id,
            text: "from webhook reply",
          }),
        );
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/tg`;
      const bot = new Bot(fakeBot.token, { client: { apiRoot } });
      await bot.api.setWebhook(url, { secret_token: "s3cret" });
      await assert.rejects(
        bot.api.getUpdates(),
        (e: unknown) => e instanceof GrammyError && e.error_code === 409,
      );
      fakeBot.injectPrivateMessage(tgUser(9), "to the hook");
      const sent = await fakeBot.waitForSentMessage({ chatId: 9 });
      assert.equal(sent.text, "from webhook reply");
      assert.equal(received.length, 1);
      assert.equal(received[0]?.secret, "s3cret");
      const attempts = fake.webhookDeliveries
        .filter((d) => d.token === fakeBot.token)
        .map((d) => d.status);
      assert.deepEqual(attempts, [500, 200], "a failed delivery is retried");
      const info = await bot.api.getWebhookInfo();
      assert.equal(info.url, url);
      assert.equal(info.pending_update_count, 0);
      assert.match(info.last_error_message ?? "", /500/);
    } finally {
      await new Promise((resolve) => hook.close(resolve));
    }
  });
});
