import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import {
  attachmentRefFor,
  putAttachment,
  Transcript,
  type AttachmentRef,
  type Bus,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import {
  AnthropicFake,
  describeImagesResponder,
  llm,
  sampleImage,
  type NatsTestServer,
} from "@clawfleet/testkit";
import {
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  waitForOutbox,
  type TestWorker,
} from "../test-support/agents-harness.js";

let nats: NatsTestServer;
let bus: Bus;
const anthropic = new AnthropicFake();
let worker: TestWorker;

before(async () => {
  ({ nats, bus } = await startTestNats());
  await anthropic.start();
  anthropic.script.respondWith(describeImagesResponder);
  worker = await startWorker(
    nats.url,
    {
      agents: {
        defaults: { model: { primary: "anthropic/claude-opus-4-5" } },
        list: [
          { id: "main", default: true },
          { id: "texty", model: { primary: "anthropic/claude-text-only" } },
          {
            id: "mixed",
            model: {
              primary: "anthropic/claude-opus-4-5",
              fallbacks: ["anthropic/claude-text-only"],
            },
          },
        ],
      },
      models: {
        providers: { anthropic: { models: [{ id: "claude-text-only", input: ["text"] }] } },
      },
    },
    { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: anthropic.baseURL },
  );
});
after(async () => {
  await stopWorker(worker);
  await bus.close();
  await anthropic.stop();
  await nats.dispose();
});

const sha12 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex").slice(0, 12);

/** Sends one input with attachments to a session and waits for its reply; returns the reply text. */
async function ask(
  key: string,
  chatId: string,
  text: string,
  attachments: AttachmentRef[],
  agentId = "main",
): Promise<string> {
  const before = (await waitForOutbox(bus, () => true)).filter((m) => m.sessionKey === key).length;
  await submit(bus, telegramInput(key, text, chatId, { agentId, attachments }));
  const replies = await waitForOutbox(
    bus,
    (m) => m.filter((r) => r.sessionKey === key).length > before,
    60_000,
  );
  return replies.filter((r) => r.sessionKey === key).at(-1)!.text;
}

const lastRequest = () => anthropic.requests.all().at(-1)!;

test("an attached image reaches the model byte for byte; the transcript keeps its reference, not the bytes", async () => {
  const key = "agent:main:telegram:dm:201";
  const png = sampleImage("image/png", 11);
  const ref = await putAttachment(bus, {
    bytes: png,
    mimeType: "image/png",
    fileName: "photo.png",
  });
  const reply = await ask(key, "201", "what is this?", [ref]);
  assert.equal(reply, `saw 1 image: image/png ${png.byteLength} bytes sha256:${sha12(png)}`);
  const entries = (await bus.stream(Transcript).readAll({ session: sessionToken(key) })).map(
    (e) => e.data,
  );
  const user = entries.find((e) => e.role === "user")!;
  assert.deepEqual(user.attachments, [ref]);
  assert.ok(!JSON.stringify(entries).includes(Buffer.from(png).toString("base64")), "no bytes");
});

test("an image no longer stored becomes a note and the turn still answers", async () => {
  const key = "agent:main:telegram:dm:202";
  const gone = sampleImage("image/png", 12);
  const ref: AttachmentRef = {
    kind: "image",
    mimeType: "image/png",
    size: gone.byteLength,
    ref: attachmentRefFor(gone),
    fileName: "gone.png",
  };
  const reply = await ask(key, "202", "and this?", [ref]);
  assert.equal(reply, "saw no images");
  assert.match(lastRequest().lastUserText, /\[image gone\.png: no longer stored\]/);
});

test("a text-only model gets a note instead of the image", async () => {
  const key = "agent:texty:telegram:dm:203";
  const ref = await putAttachment(bus, {
    bytes: sampleImage("image/gif", 13),
    mimeType: "image/gif",
    fileName: "cat.gif",
  });
  const reply = await ask(key, "203", "see?", [ref], "texty");
  assert.equal(reply, "saw no images");
  const request = lastRequest();
  assert.equal(request.model, "claude-text-only");
  assert.match(request.lastUserText, /\[image cat\.gif attached; this model cannot see images\]/);
});

test("history re-sends images of the last three image-bearing entries; the older one is a note", async () => {
  const key = "agent:main:telegram:dm:204";
  const images = [1, 2, 3, 4].map((i) => sampleImage("image/png", 20 + i));
  for (const [i, bytes] of images.entries()) {
    const ref = await putAttachment(bus, {
      bytes,
      mimeType: "image/png",
      fileName: `img${i + 1}.png`,
    });
    await ask(key, "204", `picture ${i + 1}`, [ref]);
  }
  const request = lastRequest();
  assert.deepEqual(
    request.images.map((i) => i.sha256.slice(0, 12)),
    images.slice(1).map(sha12),
    "the 2nd, 3rd and 4th images are sent, the 1st is not",
  );
  assert.match(JSON.stringify(request.messages), /\[image img1\.png shown earlier\]/);
});

test("failing over from a vision model to a text-only one sends the fallback a note, not the image", async () => {
  const key = "agent:mixed:telegram:dm:205";
  const ref = await putAttachment(bus, {
    bytes: sampleImage("image/png", 14),
    mimeType: "image/png",
    fileName: "chart.png",
  });
  anthropic.script.enqueueFor("claude-opus-4-5", llm.error("overloaded"));
  const reply = await ask(key, "205", "read it", [ref], "mixed");
  assert.equal(reply, "saw no images");
  const request = lastRequest();
  assert.equal(request.model, "claude-text-only");
  assert.match(request.lastUserText, /\[image chart\.png attached; this model cannot see images\]/);
});
