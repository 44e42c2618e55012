import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import {
  AgentEvents,
  getAttachment,
  readSubject,
  Transcript,
  type AgentEvent,
  type Bus,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { AnthropicFake, llm, MediaHostFake, type NatsTestServer } from "@clawfleet/testkit";
import { blockedAddressReason } from "../domain/network/address-policy.js";
import {
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  until,
  waitForOutbox,
  webchatInput,
  type TestWorker,
} from "../test-support/agents-harness.js";

let nats: NatsTestServer;
let bus: Bus;
const fake = new AnthropicFake();
const host = new MediaHostFake();
let worker: TestWorker;

/** A PNG signature followed by random bytes: sniffs as PNG, different each call. */
function pngBytes(size: number): Uint8Array {
  const bytes = randomBytes(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(bytes);
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.from(a).equals(Buffer.from(b));
}

before(async () => {
  ({ nats, bus } = await startTestNats());
  await fake.start();
  await host.start();
  worker = await startWorker(
    nats.url,
    { agents: { defaults: { model: "anthropic/media-model", mediaMaxMb: 1 } } },
    { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.baseURL },
    undefined,
    {},
    {
      // media.test is the fake host on 127.0.0.1, the one local address let through; every other
      // name resolves to a private address the real policy refuses.
      media: {
        resolve: async (name) => [
          { address: name === host.hostname ? "127.0.0.1" : "10.9.8.7", family: 4 },
        ],
        blockedReason: (address) =>
          address === "127.0.0.1" ? undefined : blockedAddressReason(address),
        ca: host.ca,
      },
    },
  );
});
after(async () => {
  await stopWorker(worker);
  await bus.close();
  await fake.stop();
  await host.stop();
  await nats.dispose();
});

async function replyFor(key: string, chatId: string, answer: string) {
  fake.script.enqueueFor("media-model", llm.text(answer));
  await submit(bus, telegramInput(key, "send me the chart", chatId));
  const replies = await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key), 40_000);
  return replies.find((r) => r.sessionKey === key)!;
}

async function assistantEntry(key: string) {
  await until(
    async () =>
      (await readSubject(bus, Transcript, { session: sessionToken(key) })).some(
        (e) => e.data.role === "assistant",
      ),
    30_000,
    "the assistant entry",
  );
  const entries = await readSubject(bus, Transcript, { session: sessionToken(key) });
  return entries.find((e) => e.data.role === "assistant")!.data;
}

test("a MEDIA: https link becomes a stored image on the outbox reply and the transcript, the line leaves the text", async () => {
  const chart = pngBytes(40_000);
  host.put("/charts/chart.png", chart, "image/png");
  const key = "agent:main:telegram:direct:701";
  const reply = await replyFor(
    key,
    "701",
    `Here is the chart.\n\nMEDIA:${host.url("/charts/chart.png")}`,
  );
  assert.equal(reply.text, "Here is the chart.");
  assert.equal(reply.attachments?.length, 1);
  const [ref] = reply.attachments!;
  assert.equal(ref!.mimeType, "image/png");
  assert.equal(ref!.fileName, "chart.png");
  assert.equal(ref!.size, chart.length);
  assert.ok(
    sameBytes(await getAttachment(bus, ref!.ref), chart),
    "the stored bytes are the served ones",
  );
  const entry = await assistantEntry(key);
  assert.equal(entry.text, "Here is the chart.");
  assert.deepEqual(entry.attachments, reply.attachments);
});

test("private addresses, non-images, 404s, oversize images, http links and workspace text are notes, not attachments", async () => {
  host.put("/report.pdf", new TextEncoder().encode("%PDF-1.7\n% not an image"), "image/png");
  host.put("/huge.png", pngBytes(1_200_000), "image/png");
  const key = "agent:main:telegram:direct:702";
  const reply = await replyFor(
    key,
    "702",
    [
      "I tried.",
      "MEDIA:https://10.0.0.5/secret.png",
      "MEDIA:https://intranet.example/inside.png",
      `MEDIA:${host.url("/report.pdf")}`,
      `MEDIA:${host.url("/missing.png")}`,
      `MEDIA:${host.url("/huge.png")}`,
      "MEDIA:http://example.com/plain.png",
      "MEDIA:/workspace/AGENTS.md",
      "MEDIA:./nowhere.png",
    ].join("\n"),
  );
  assert.equal(reply.attachments, undefined, "nothing attached");
  const lines = reply.text.split("\n\n");
  assert.equal(lines[0], "I tried.");
  const notes = lines.slice(1);
  assert.equal(notes.length, 8, reply.text);
  assert.match(
    notes[0]!,
    /^\(could not attach secret\.png: refusing to fetch 10\.0\.0\.5: private/,
  );
  assert.match(notes[1]!, /^\(could not attach inside\.png: .*resolves to 10\.9\.8\.7 \(private\)/);
  assert.match(
    notes[2]!,
    /^\(could not attach report\.pdf: it is not a PNG, JPEG, GIF or WebP image\)$/,
  );
  assert.match(notes[3]!, /^\(could not attach missing\.png: the server answered HTTP 404\)$/);
  assert.match(notes[4]!, /^\(could not attach huge\.png: larger than 1 MB\)$/);
  assert.match(notes[5]!, /^\(could not attach plain\.png: only https: links can be attached\)$/);
  assert.match(
    notes[6]!,
    /^\(could not attach AGENTS\.md: it is not a PNG, JPEG, GIF or WebP image\)$/,
  );
  assert.match(
    notes[7]!,
    /^\(could not attach nowhere\.png: no such file in the agent's workspace\)$/,
  );
  const entry = await assistantEntry(key);
  assert.equal(entry.attachments, undefined);
  assert.equal(entry.text, reply.text);
});

test("a web chat reply keeps its image on the transcript entry and its final event (no outbox message)", async () => {
  const photo = pngBytes(5000);
  host.put("/photo.png", photo, "image/png");
  const key = "agent:main:main";
  const finals: AgentEvent[] = [];
  const events = bus.subscribe(AgentEvents, {}, (event) => {
    if (event.type === "final" && event.sessionKey === key) finals.push(event);
  });
  try {
    fake.script.enqueueFor("media-model", llm.text(`MEDIA:${host.url("/photo.png")}`));
    await submit(bus, webchatInput(key, "a photo please", "run-media-1"));
    const entry = await assistantEntry(key);
    assert.equal(entry.text, "");
    assert.equal(entry.attachments?.length, 1);
    assert.ok(sameBytes(await getAttachment(bus, entry.attachments![0]!.ref), photo));
    // The live answer carries the image too, so a client shows it without reading the history.
    await until(async () => finals.length > 0, 10_000, "the final event");
    assert.equal(finals[0]!.type === "final" && finals[0]!.text, "");
    assert.deepEqual(finals[0]!.type === "final" && finals[0]!.attachments, entry.attachments);
  } finally {
    events.unsubscribe();
  }
});

test("a reply attaches at most 8 images; the ninth is a note", async () => {
  const lines: string[] = ["Nine charts."];
  for (let i = 1; i <= 9; i++) {
    host.put(`/many/c${i}.png`, pngBytes(2000), "image/png");
    lines.push(`MEDIA:${host.url(`/many/c${i}.png`)}`);
  }
  const key = "agent:main:telegram:direct:703";
  const reply = await replyFor(key, "703", lines.join("\n"));
  assert.deepEqual(
    reply.attachments?.map((a) => a.fileName),
    ["c1.png", "c2.png", "c3.png", "c4.png", "c5.png", "c6.png", "c7.png", "c8.png"],
  );
  assert.equal(
    reply.text,
    "Nine charts.\n\n(could not attach c9.png: a reply carries at most 8 images)",
  );
});
