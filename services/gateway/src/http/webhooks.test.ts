import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  connectBus,
  registerServiceInstance,
  TelegramWebhook,
  VoiceWebhook,
  type Bus,
  type ForwardedHttpRequest,
} from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  startEchoAgent,
  startNatsServer,
  type EchoAgent,
  wrongSecrets,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { startTestGateway, type TestGateway } from "../test-support/gateway-fixture.js";

const TOKEN = "webhook-test-token-8a7b6c5d";
const SECRET = "tg-secret-0123456789";
const CONFIG = JSON.stringify({
  gateway: { mode: "local", http: { endpoints: { chatCompletions: { enabled: true } } } },
  channels: {
    telegram: {
      botToken: "1:x",
      webhookUrl: "https://bot.example/telegram-webhook",
      webhookSecret: SECRET,
      accounts: { support: { webhookPath: "/tg/support" } },
    },
  },
});
let nats: NatsTestServer;
let bus: Bus;
let gateway: TestGateway;

before(async () => {
  nats = await startNatsServer();
  gateway = await startTestGateway({ natsUrl: nats.url, token: TOKEN, config: CONFIG });
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
});
after(async () => {
  await bus.close();
  await gateway.stop();
  await nats.dispose();
});

const update = JSON.stringify({
  update_id: 77,
  message: { message_id: 1, chat: { id: 5, type: "private" }, date: 1, text: "hi" },
});

describe("Telegram webhook ingress", () => {
  it("says the account polls when it has no webhookUrl, instead of blaming the channels service", async () => {
    // Its own bus: the config in KV is cluster-wide.
    const ownNats = await startNatsServer();
    const polling = await startTestGateway({
      natsUrl: ownNats.url,
      token: TOKEN,
      config: JSON.stringify({
        gateway: { mode: "local" },
        channels: { telegram: { botToken: "1:x", webhookSecret: SECRET } },
      }),
    });
    try {
      const res = await fetch(`${polling.httpUrl}/telegram-webhook`, {
        method: "POST",
        headers: { "x-telegram-bot-api-secret-token": SECRET, "content-type": "application/json" },
        body: update,
      });
      assert.equal(res.status, 404);
      assert.match((await res.json()).error, /polling mode/);
    } finally {
      await polling.stop();
      await ownNats.dispose();
    }
  });

  it("answers 503 (Telegram retries) while no channels service holds the account", async () => {
    const res = await fetch(`${gateway.httpUrl}/tg/support`, {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": SECRET, "content-type": "application/json" },
      body: update,
    });
    assert.equal(res.status, 503);
    assert.match((await res.json()).error, /channels service is not running/);
  });

  it("checks the secret, validates the body, and forwards the raw body with headers and the public URL to the account's holder", async () => {
    const received: ForwardedHttpRequest[] = [];
    const sub = bus.serve(TelegramWebhook, { account: "support" }, (request) => {
      received.push(request);
      return { status: 200, headers: { "content-type": "application/json" }, body: '{"ok":true}' };
    });
    await bus.flush();
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${gateway.httpUrl}/tg/support?x=1`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
    assert.equal((await post({}, update)).status, 401, "no secret");
    for (const wrong of wrongSecrets(SECRET))
      assert.equal(
        (await post({ "x-telegram-bot-api-secret-token": wrong.value }, update)).status,
        401,
        `wrong secret: ${wrong.what}`,
      );
    assert.equal(
      (await post({ "x-telegram-bot-api-secret-token": SECRET }, "{not json")).status,
      400,
      "bad body",
    );
    assert.equal(
      (await post({ "x-telegram-bot-api-secret-token": SECRET }, '{"message":{}}')).status,
      400,
      "not an update",
    );
    assert.equal(received.length, 0, "nothing bad was forwarded");
    const ok = await post(
      {
        "x-telegram-bot-api-secret-token": SECRET,
        "x-forwarded-proto": "https",
        "x-forwarded-host": "my-claw.fly.dev",
        authorization: "Bearer leak",
      },
      update,
    );
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { ok: true });
    assert.equal(received.length, 1);
    assert.equal(received[0]!.body, update, "raw body preserved byte for byte");
    assert.equal(received[0]!.publicUrl, "https://my-claw.fly.dev/tg/support?x=1");
    assert.equal(received[0]!.headers["x-telegram-bot-api-secret-token"], SECRET);
    assert.equal(
      received[0]!.headers.authorization,
      undefined,
      "the gateway's own credentials are not forwarded",
    );
    sub.unsubscribe();
  });

  it("refuses bodies over 1 MiB without reading them all", async () => {
    const res = await fetch(`${gateway.httpUrl}/tg/support`, {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": SECRET },
      body: "x".repeat(1024 * 1024 + 10),
    });
    assert.equal(res.status, 413);
  });

  it("answers 413 to a chunked body over the limit instead of cutting the socket", async () => {
    const socket = connect(gateway.port, "127.0.0.1");
    socket.on("error", () => {});
    socket.write(
      `POST /tg/support HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n` +
        `x-telegram-bot-api-secret-token: ${SECRET}\r\n\r\n`,
    );
    const chunk = "x".repeat(64 * 1024);
    let answer = "";
    // Settles on the answer's status line, or on the close if the server cuts the socket unanswered.
    const answered = new Promise<void>((resolve) => {
      socket.on("data", (data: Buffer) => {
        answer += data.toString("latin1");
        if (answer.includes("\r\n")) resolve();
      });
      socket.once("close", () => resolve());
    });
    let settled = false;
    void answered.then(() => (settled = true));
    for (let i = 0; i < 40 && !settled; i++) {
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      await new Promise((r) => setTimeout(r, 5));
    }
    // Ends the body, so a server that kept reading answers (wrongly) instead of waiting forever.
    if (!settled) socket.write("0\r\n\r\n");
    await answered;
    socket.destroy();
    assert.match(answer, /^HTTP\/1\.1 413 /, `got: ${answer.slice(0, 80) || "(nothing)"}`);
  });
});

describe("Twilio webhook ingress", () => {
  it("forwards /voice/* with the exact public URL and form body, returning the voice service's TwiML", async () => {
    const received: ForwardedHttpRequest[] = [];
    const sub = bus.serve(VoiceWebhook, {}, (request) => {
      received.push(request);
      return {
        status: 200,
        headers: { "content-type": "text/xml" },
        body: "<Response><Say>hi</Say></Response>",
      };
    });
    await bus.flush();
    const body = "CallSid=CA1&From=%2B15550001&To=%2B15550002";
    const res = await fetch(`${gateway.httpUrl}/voice/webhook?callId=abc`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": "sig",
        "x-forwarded-proto": "https",
        "x-forwarded-host": "voice.example:8443",
      },
      body,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/xml");
    assert.equal(await res.text(), "<Response><Say>hi</Say></Response>");
    assert.equal(received[0]!.publicUrl, "https://voice.example:8443/voice/webhook?callId=abc");
    assert.equal(received[0]!.body, body);
    assert.equal(received[0]!.headers["x-twilio-signature"], "sig");
    sub.unsubscribe();
  });

  it("answers 503 naming the voice service when none runs", async () => {
    const res = await fetch(`${gateway.httpUrl}/voice/status`, { method: "POST", body: "a=b" });
    assert.equal(res.status, 503);
    assert.match((await res.json()).error, /voice service is not running/);
  });
});

describe("OpenAI-compatible endpoint", () => {
  let echo: EchoAgent;
  before(() => {
    echo = startEchoAgent(bus);
  });
  after(async () => {
    await echo.stop();
  });

  it("requires the bearer token", async () => {
    const res = await fetch(`${gateway.httpUrl}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
    });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error.code, "invalid_api_key");
  });

  it("answers a JSON completion and an SSE stream from the agent", async () => {
    // The endpoint answers 503 unless an agents instance is on the bus; the echo agent is not one, so announce it.
    const unregister = registerServiceInstance(bus, {
      name: "agents",
      id: "stand-in",
      version: "t",
      description: "echo",
      metadata: {},
      stats: () => ({}),
    });
    await bus.flush();
    try {
      const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
      const json = await fetch(`${gateway.httpUrl}/v1/chat/completions`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          model: "openclaw:main",
          user: "alice",
          messages: [
            { role: "system", content: "be brief" },
            { role: "user", content: [{ type: "text", text: "ping" }] },
          ],
        }),
      });
      assert.equal(json.status, 200);
      const body = await json.json();
      assert.equal(body.object, "chat.completion");
      assert.equal(
        body.choices[0].message.content,
        "echo: system: be brief\n\nping",
        "the client's system text travels with the turn",
      );
      const input = echo.answered.at(-1)!;
      assert.equal(input.source, "api");
      assert.match(input.sessionKey, /^agent:main:openai:direct:[0-9a-f]{24}$/);

      const sse = await fetch(`${gateway.httpUrl}/v1/chat/completions`, {
        method: "POST",
        headers: { ...headers, "x-openclaw-agent-id": "main" },
        body: JSON.stringify({ stream: true, messages: [{ role: "user", content: "stream me" }] }),
      });
      assert.equal(sse.headers.get("content-type"), "text/event-stream; charset=utf-8");
      const events = (await sse.text())
        .split("\n\n")
        .filter(Boolean)
        .map((e) => e.replace(/^data: /, ""));
      assert.equal(events.at(-1), "[DONE]");
      const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
      assert.equal(chunks.map((c) => c.choices[0].delta.content ?? "").join(""), "echo: stream me");
      assert.equal(chunks.at(-1).choices[0].finish_reason, "stop");
    } finally {
      unregister();
    }
  });

  it("is off (404) unless enabled in config", async () => {
    const off = await startTestGateway({
      natsUrl: nats.url,
      token: TOKEN,
      config: '{ gateway: { mode: "local" } }',
    });
    try {
      const res = await fetch(`${off.httpUrl}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}` },
        body: "{}",
      });
      assert.equal(res.status, 404);
    } finally {
      await off.stop();
    }
  });
});
