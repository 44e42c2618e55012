import assert from "node:assert/strict";
import { test } from "node:test";
import { jidToE164, normalizeJid, normalizeWhatsAppMessage } from "./whatsapp-normalize.js";
import type { WaMessageContent } from "./whatsapp-socket.js";

const bot = { id: "15550100000", username: "15550100000", label: "+15550100000" };

test("a DM: peer is the chat JID, sender the E.164 number", () => {
  const result = normalizeWhatsAppMessage(
    {
      key: { remoteJid: "15550001111@s.whatsapp.net", id: "A1", fromMe: false },
      message: { conversation: "hi" },
      messageTimestamp: 1_700_000_000,
      pushName: "Alice",
    },
    "default",
    bot,
  );
  assert.ok(result.ok);
  assert.deepEqual(result.message.peer, { kind: "dm", id: "15550001111@s.whatsapp.net" });
  assert.deepEqual(result.message.sender, { id: "+15550001111", displayName: "Alice" });
  assert.equal(result.message.timestamp, 1_700_000_000_000);
});

test("a DM addressed by LID uses the phone JID Baileys gives alongside", () => {
  const result = normalizeWhatsAppMessage(
    {
      key: { remoteJid: "987@lid", remoteJidAlt: "15550001111@s.whatsapp.net", id: "A2" },
      message: { conversation: "hi" },
    },
    "default",
    bot,
  );
  assert.ok(result.ok);
  assert.equal(result.message.sender.id, "+15550001111");
});

test("a group mention of the bot (any device suffix) sets mentioned; a reply to the bot too", () => {
  const mention = normalizeWhatsAppMessage(
    {
      key: { remoteJid: "1203@g.us", participant: "15550001111:4@s.whatsapp.net", id: "G1" },
      message: {
        extendedTextMessage: {
          text: "@15550100000 hey",
          contextInfo: { mentionedJid: ["15550100000:7@s.whatsapp.net"] },
        },
      },
    },
    "default",
    bot,
  );
  assert.ok(mention.ok);
  assert.equal(mention.message.mentioned, true);
  assert.deepEqual(mention.message.peer, { kind: "group", id: "1203@g.us" });
  assert.equal(mention.message.sender.id, "+15550001111");
  const reply = normalizeWhatsAppMessage(
    {
      key: { remoteJid: "1203@g.us", participant: "15550001111@s.whatsapp.net", id: "G2" },
      message: {
        extendedTextMessage: {
          text: "and?",
          contextInfo: { stanzaId: "B1", participant: "15550100000@s.whatsapp.net" },
        },
      },
    },
    "default",
    bot,
  );
  assert.ok(reply.ok);
  assert.equal(reply.message.mentioned, true);
  assert.deepEqual(reply.message.replyTo, { messageId: "B1", toBot: true });
});

test("own messages, status broadcasts and empty messages are skipped", () => {
  const skip = (key: object, message: object | null) =>
    normalizeWhatsAppMessage({ key, message }, "default", bot).ok;
  assert.equal(
    skip({ remoteJid: "1@s.whatsapp.net", id: "x", fromMe: true }, { conversation: "a" }),
    false,
  );
  assert.equal(skip({ remoteJid: "status@broadcast", id: "x" }, { conversation: "a" }), false);
  assert.equal(skip({ remoteJid: "1@s.whatsapp.net", id: "x" }, null), false);
});

test("an image's caption is the text and the image is described for the pipeline, not put in the text", () => {
  const result = normalizeWhatsAppMessage(
    {
      key: { remoteJid: "1203@g.us", participant: "15550001111@s.whatsapp.net", id: "I1" },
      message: {
        imageMessage: {
          caption: " what is this? ",
          mimetype: "image/jpeg",
          fileLength: { toNumber: () => 245_000 },
          contextInfo: { mentionedJid: ["15550100000@s.whatsapp.net"] },
        },
      },
    },
    "default",
    bot,
  );
  assert.ok(result.ok);
  assert.equal(result.message.text, "what is this?");
  assert.equal(result.message.mentioned, true);
  assert.deepEqual(result.media, [
    { kind: "image", mimeType: "image/jpeg", fileName: undefined, size: 245_000 },
  ]);
});

test("media without a caption has empty text; documents keep their name and are images when typed so", () => {
  const media = (message: object) => {
    const result = normalizeWhatsAppMessage(
      { key: { remoteJid: "1555@s.whatsapp.net", id: "M" }, message },
      "default",
      bot,
    );
    assert.ok(result.ok);
    return { text: result.message.text, media: result.media };
  };
  assert.deepEqual(media({ imageMessage: { mimetype: "image/png" } }), {
    text: "",
    media: [{ kind: "image", mimeType: "image/png", fileName: undefined, size: undefined }],
  });
  assert.deepEqual(
    media({
      documentMessage: {
        caption: "report",
        mimetype: "application/pdf",
        fileName: "q3.pdf",
        fileLength: 6_000_000,
      },
    }),
    {
      text: "report",
      media: [
        { kind: "document", mimeType: "application/pdf", fileName: "q3.pdf", size: 6_000_000 },
      ],
    },
  );
  assert.deepEqual(
    media({ documentMessage: { mimetype: "image/webp", fileName: "scan.webp", fileLength: 900 } })
      .media,
    [{ kind: "image", mimeType: "image/webp", fileName: "scan.webp", size: 900 }],
  );
  assert.deepEqual(media({ audioMessage: { mimetype: "audio/ogg; codecs=opus" } }).media, [
    { kind: "audio", mimeType: "audio/ogg; codecs=opus", fileName: undefined, size: undefined },
  ]);
  assert.deepEqual(media({ conversation: "plain" }), { text: "plain", media: [] });
});

test("JIDs: device suffixes dropped; E.164 from user JIDs", () => {
  assert.equal(normalizeJid("15550001111:12@s.whatsapp.net"), "15550001111@s.whatsapp.net");
  assert.equal(jidToE164("15550001111@s.whatsapp.net"), "+15550001111");
  assert.equal(jidToE164("555@lid"), "555@lid");
  assert.equal(jidToE164("1203@g.us"), undefined);
});

test("wrapped content is read: disappearing text, a view-once photo, a captioned document, nested", () => {
  const dm = (id: string, message: WaMessageContent) =>
    normalizeWhatsAppMessage(
      { key: { remoteJid: "15550001111@s.whatsapp.net", id }, message },
      "default",
      bot,
    );
  const disappearing = dm("E1", {
    ephemeralMessage: { message: { extendedTextMessage: { text: "gone in a day" } } },
  });
  assert.ok(disappearing.ok);
  assert.equal(disappearing.message.text, "gone in a day");
  const viewOnce = dm("V1", {
    ephemeralMessage: {
      message: {
        viewOnceMessageV2: {
          message: { imageMessage: { caption: "once", mimetype: "image/jpeg", fileLength: 900 } },
        },
      },
    },
  });
  assert.ok(viewOnce.ok);
  assert.equal(viewOnce.message.text, "once");
  assert.deepEqual(viewOnce.media, [
    { kind: "image", mimeType: "image/jpeg", fileName: undefined, size: 900 },
  ]);
  const document = dm("D1", {
    documentWithCaptionMessage: {
      message: {
        documentMessage: { caption: "the notes", mimetype: "application/pdf", fileName: "n.pdf" },
      },
    },
  });
  assert.ok(document.ok);
  assert.equal(document.message.text, "the notes");
  assert.equal(document.media[0]?.fileName, "n.pdf");
});

test("an empty envelope or an edit is not answered", () => {
  const dm = (message: WaMessageContent) =>
    normalizeWhatsAppMessage(
      { key: { remoteJid: "15550001111@s.whatsapp.net", id: "X1" }, message },
      "default",
      bot,
    );
  assert.deepEqual(dm({ viewOnceMessage: {} }), { ok: false, reason: "no text or media" });
  // What Baileys delivers when someone edits a message: the edit is no new message to answer.
  const edit = { protocolMessage: { type: 14, editedMessage: { conversation: "fixed" } } };
  assert.deepEqual(dm(edit as WaMessageContent), { ok: false, reason: "no text or media" });
});

test("the chat's disappearing-messages timer comes with the message (0 without one)", () => {
  const result = normalizeWhatsAppMessage(
    {
      key: { remoteJid: "15550001111@s.whatsapp.net", id: "T1" },
      message: {
        ephemeralMessage: {
          message: { extendedTextMessage: { text: "hi", contextInfo: { expiration: 86_400 } } },
        },
      },
    },
    "default",
    bot,
  );
  assert.ok(result.ok);
  assert.equal(result.expiration, 86_400);
  const plain = normalizeWhatsAppMessage(
    { key: { remoteJid: "15550001111@s.whatsapp.net", id: "T2" }, message: { conversation: "hi" } },
    "default",
    bot,
  );
  assert.ok(plain.ok);
  assert.equal(plain.expiration, 0);
});
