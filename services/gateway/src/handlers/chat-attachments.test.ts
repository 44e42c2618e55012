import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  Buckets,
  connectBus,
  getAttachment,
  Inbox,
  putAttachment,
  readSubject,
  sessionStateSchema,
  Transcript,
  TypedBucket,
  type Bus,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { startTestGateway, type TestGateway } from "../test-support/gateway-fixture.js";
import { connectClient, type ProtocolClient } from "../test-support/protocol-client.js";

const TOKEN = "chat-attachments-token-abcdef123456";
// Images limited to 4 MB here (agents.defaults.mediaMaxMb), below OpenClaw's 6 MB image cap.
const CONFIG = `{ gateway: { mode: "local" }, agents: { defaults: { mediaMaxMb: 4 } } }`;
const MiB = 1024 * 1024;
let nats: NatsTestServer;
let bus: Bus;
let gateway: TestGateway;
let client: ProtocolClient;

before(async () => {
  nats = await startNatsServer();
  gateway = await startTestGateway({ natsUrl: nats.url, token: TOKEN, config: CONFIG });
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  client = await connectClient(gateway.wsUrl, { token: TOKEN });
});
after(async () => {
  client.close();
  await bus.close();
  await gateway.stop();
  await nats.dispose();
});

/** Bytes that sniff as `kind`, random after the signature, `size` long. */
function image(kind: "png" | "jpeg" | "gif", size = 2000): Buffer {
  const bytes = randomBytes(size);
  const signature = {
    png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    jpeg: [0xff, 0xd8, 0xff, 0xe0],
    gif: [...Buffer.from("GIF89a")],
  }[kind];
  bytes.set(signature);
  return bytes;
}

async function inboxOf(sessionKey: string) {
  return readSubject(bus, Inbox, { session: sessionToken(sessionKey) });
}

async function send(sessionKey: string, extra: Record<string, unknown>) {
  return client.request("chat.send", { sessionKey, message: "", ...extra });
}

describe("images in chat.send", () => {
  it("hello-ok advertises the attachment limits from agents.defaults.mediaMaxMb", () => {
    assert.deepEqual(client.hello.payload.policy.attachments, {
      maxBytes: 4 * MiB,
      maxImageBytes: 4 * MiB,
    });
    assert.equal(client.hello.payload.policy.maxPayload, 25 * MiB, "frame limit unchanged");
  });

  it("a PNG lands on the inbox input as a reference whose stored bytes equal it", async () => {
    const key = "agent:main:img-1";
    const png = image("png", 300_000);
    const ack = await send(key, {
      message: "what is this?",
      idempotencyKey: "img-1",
      attachments: [
        {
          type: "image",
          mimeType: "image/png",
          fileName: "cat.png",
          content: png.toString("base64"),
        },
      ],
    });
    assert.equal(ack.ok, true, JSON.stringify(ack.error));
    const [input, ...rest] = await inboxOf(key);
    assert.equal(rest.length, 0);
    assert.equal(input!.data.text, "what is this?");
    const [ref] = input!.data.attachments!;
    assert.equal(ref!.kind, "image");
    assert.equal(ref!.mimeType, "image/png");
    assert.equal(ref!.size, png.length);
    assert.equal(ref!.fileName, "cat.png");
    assert.match(ref!.ref, /^sha256:[0-9a-f]{64}$/);
    const stored = await getAttachment(bus, ref!.ref);
    assert.ok(stored);
    assert.equal(Buffer.compare(Buffer.from(stored), png), 0, "the object holds the PNG's bytes");
  });

  it("an OpenClaw-shaped data: URL without text is accepted; a retry with the same key queues nothing new", async () => {
    const key = "agent:main:img-2";
    const jpeg = image("jpeg");
    const params = {
      idempotencyKey: "img-2",
      attachments: [{ content: `data:image/jpeg;base64,${jpeg.toString("base64")}` }],
    };
    const first = await send(key, params);
    assert.equal(first.ok, true, JSON.stringify(first.error));
    const again = await send(key, params);
    assert.deepEqual(again.payload, first.payload, "the first result");
    const inputs = await inboxOf(key);
    assert.equal(inputs.length, 1);
    assert.equal(inputs[0]!.data.text, "");
    assert.equal(inputs[0]!.data.attachments![0]!.mimeType, "image/jpeg");
    assert.equal(inputs[0]!.data.attachments![0]!.fileName, undefined);
  });

  it("each refusal names the file and the reason, and nothing is queued or stored", async () => {
    const key = "agent:main:img-3";
    const good = {
      mimeType: "image/png",
      fileName: "ok.png",
      content: image("png").toString("base64"),
    };
    const big = image("png", Math.round(4.5 * MiB));
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { mimeType: "image/heic", fileName: "photo.heic", content: "AAAAGGZ0eXBoZWlj" },
        /^photo\.heic: only PNG, JPEG, GIF and WebP images can be attached$/,
      ],
      [
        { mimeType: "image/png", fileName: "big.png", content: big.toString("base64") },
        /^big\.png is 4\.5 MB; images are limited to 4 MB$/,
      ],
      [
        {
          type: "file",
          mimeType: "application/pdf",
          fileName: "report.pdf",
          content: "JVBERi0xLjcK",
        },
        /^report\.pdf: not supported: only images can be attached$/,
      ],
      [
        {
          mimeType: "image/png",
          fileName: "fake.png",
          content: Buffer.from("not a png at all").toString("base64"),
        },
        /^fake\.png: only PNG, JPEG, GIF and WebP images can be attached$/,
      ],
      [
        { mimeType: "image/png", fileName: "really.gif", content: image("gif").toString("base64") },
        /^really\.gif is declared PNG but its bytes are a GIF image$/,
      ],
      [
        { mimeType: "image/png", fileName: "bad.png", content: "%%%" },
        /^bad\.png: content is not valid base64$/,
      ],
    ];
    for (const [refused, message] of cases) {
      const res = await send(key, { message: "look", attachments: [good, refused] });
      assert.equal(res.ok, false, `${String(refused.fileName)} refused`);
      assert.equal(res.error!.code, "INVALID_REQUEST");
      assert.match(res.error!.message, message);
    }
    const nine = await send(key, { attachments: Array.from({ length: 9 }, () => good) });
    assert.match(nine.error!.message, /at most 8 attachments/);
    const empty = await send(key, { message: "  " });
    assert.match(empty.error!.message, /message must not be empty/);
    assert.equal((await inboxOf(key)).length, 0, "nothing queued");
    assert.equal(await getAttachment(bus, `sha256:${sha256(big)}`), undefined, "nothing stored");
  });

  it("OpenClaw's Control UI request (its 2026.9.6 shape: origin, runId, expectedLeafEntryId) is accepted", async () => {
    const key = "agent:main:img-openclaw";
    const webp = Buffer.concat([
      Buffer.from("RIFF\x24\x00\x00\x00WEBPVP8 ", "latin1"),
      randomBytes(64),
    ]);
    const res = await client.request("chat.send", {
      sessionKey: key,
      message: "",
      runId: "oc-run-1",
      expectedLeafEntryId: null,
      idempotencyKey: "oc-run-1",
      attachments: [
        {
          type: "image",
          mimeType: "image/webp",
          fileName: "pasted.webp",
          origin: "paste",
          content: webp.toString("base64"),
        },
      ],
    });
    assert.equal(res.ok, true, JSON.stringify(res.error));
    const [input] = await inboxOf(key);
    assert.deepEqual(
      { ...input!.data.attachments![0]!, ref: undefined },
      {
        kind: "image",
        mimeType: "image/webp",
        size: webp.length,
        fileName: "pasted.webp",
        ref: undefined,
      },
    );
  });

  it("agent takes the same attachments", async () => {
    const key = "agent:main:img-4";
    const res = await client.request("agent", {
      sessionKey: key,
      message: "",
      idempotencyKey: "img-4",
      attachments: [{ type: "image", fileName: "a.gif", content: image("gif").toString("base64") }],
    });
    assert.equal(res.ok, true, JSON.stringify(res.error));
    const [input] = await inboxOf(key);
    assert.equal(input!.data.attachments![0]!.mimeType, "image/gif");
  });
});

describe("a frame over the 25 MiB limit", () => {
  it("closes that socket with 1009 (as OpenClaw's ws server) and the gateway keeps serving", async () => {
    const sender = await connectClient(gateway.wsUrl, { token: TOKEN });
    // Eight 4 MB images are ~43 MB of base64: more than one frame may carry.
    const content = Buffer.alloc(Math.ceil((25 * MiB * 3) / 4) + 1024).toString("base64");
    sender.sendRaw(
      JSON.stringify({
        type: "req",
        id: "big",
        method: "chat.send",
        params: { sessionKey: "agent:main:img-big", message: "", attachments: [{ content }] },
      }),
    );
    assert.equal((await sender.closed).code, 1009);
    const other = await connectClient(gateway.wsUrl, { token: TOKEN });
    const health = await other.request("health");
    assert.equal(health.ok, true, "the gateway still answers");
    other.close();
    assert.equal((await inboxOf("agent:main:img-big")).length, 0);
  });
});

describe("images in history and artifacts.download", () => {
  it("a user entry's images follow its text block; artifacts.download returns their bytes", async () => {
    const key = "agent:main:img-history";
    const token = sessionToken(key);
    const png = image("png", 50_000);
    const ref = await putAttachment(bus, {
      bytes: png,
      mimeType: "image/png",
      fileName: "cat.png",
    });
    const unnamed = await putAttachment(bus, { bytes: image("jpeg"), mimeType: "image/jpeg" });
    const entries = [
      {
        role: "user" as const,
        text: "see",
        ts: 1000,
        sessionId: "sh",
        attachments: [ref, unnamed],
      },
      { role: "assistant" as const, text: "a cat", ts: 1001, sessionId: "sh" },
    ];
    let last = 0;
    for (const entry of entries)
      last = (await bus.jsPublish(Transcript, { session: token }, entry)).seq;
    const sessions = await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
    await sessions.put(token, {
      key,
      agentId: "main",
      sessionId: "sh",
      createdAt: 1000,
      updatedAt: 1001,
      transcriptSeq: last,
      transcriptStart: last - 1,
      inputTokens: 0,
      outputTokens: 0,
    });
    const history = await client.request("chat.history", { sessionKey: key });
    assert.equal(history.ok, true, JSON.stringify(history.error));
    assert.deepEqual(history.payload.messages[0].content, [
      { type: "text", text: "see" },
      {
        type: "image",
        artifactId: ref.ref,
        mimeType: "image/png",
        sizeBytes: png.length,
        alt: "cat.png",
      },
      {
        type: "image",
        artifactId: unnamed.ref,
        mimeType: "image/jpeg",
        sizeBytes: unnamed.size,
        alt: "image",
      },
    ]);
    assert.deepEqual(history.payload.messages[1].content, [{ type: "text", text: "a cat" }]);

    const download = await client.request("artifacts.download", {
      sessionKey: key,
      artifactId: ref.ref,
    });
    assert.equal(download.ok, true, JSON.stringify(download.error));
    assert.deepEqual(download.payload.artifact, {
      id: ref.ref,
      type: "image",
      mimeType: "image/png",
      sizeBytes: png.length,
    });
    assert.equal(download.payload.encoding, "base64");
    assert.equal(Buffer.compare(Buffer.from(download.payload.data, "base64"), png), 0);
    // OpenClaw's Control UI asks for a download URL over https; the bytes come inline instead.
    const http = await client.request("artifacts.download", {
      artifactId: ref.ref,
      transport: "http",
    });
    assert.equal(Buffer.compare(Buffer.from(http.payload.data, "base64"), png), 0);
  });

  it("an artifact that is not a stored image is 'image no longer stored'", async () => {
    for (const artifactId of [`sha256:${"0".repeat(64)}`, "artifact_managed_image_x"]) {
      const res = await client.request("artifacts.download", { artifactId });
      assert.equal(res.ok, false);
      assert.equal(res.error!.code, "INVALID_REQUEST");
      assert.equal(res.error!.message, "image no longer stored");
    }
  });
});

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
