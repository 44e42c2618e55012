import assert from "node:assert/strict";
import { test } from "node:test";
import { jidToE164, normalizeJid, normalizeWhatsAppMessage } from "./whatsapp-normalize.js";

const bot = { id: "15550100000", username: "15550100000", label: "+15550100000" };
const MB = 1e6;

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
    50 * MB,
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
    50 * MB,
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
    50 * MB,
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
    50 * MB,
  );
  assert.ok(reply.ok);
  assert.equal(reply.message.mentioned, true);
  assert.deepEqual(reply.message.replyTo, { messageId: "B1", toBot: true });
});

test("own messages, status broadcasts and empty messages are skipped", () => {
  const skip = (key: object, message: object | null) =>
    normalizeWhatsAppMessage({ key, message }, "default", bot, 50 * MB).ok;
  assert.equal(
    skip({ remoteJid: "1@s.whatsapp.net", id: "x", fromMe: true }, { conversation: "a" }),
    false,
  );
  assert.equal(skip({ remoteJid: "status@broadcast", id: "x" }, { conversation: "a" }), false);
  assert.equal(skip({ remoteJid: "1@s.whatsapp.net", id: "x" }, null), false);
});

test("media becomes a placeholder with its caption; oversized media says so", () => {
  const media = (bytes: number) =>
    normalizeWhatsAppMessage(
      {
        key: { remoteJid: "1555@s.whatsapp.net", id: "M" },
        message: {
          documentMessage: { caption: "report", mimetype: "application/pdf", fileLength: bytes },
        },
      },
      "default",
      bot,
      5 * MB,
    );
  const small = media(1000);
  const big = media(6 * MB);
  assert.ok(small.ok && big.ok);
  assert.equal(small.message.text, "<media:document application/pdf> report");
  assert.equal(big.message.text, "<media:document too large: 6.0 MB over the 5 MB limit> report");
});

test("JIDs: device suffixes dropped; E.164 from user JIDs", () => {
  assert.equal(normalizeJid("15550001111:12@s.whatsapp.net"), "15550001111@s.whatsapp.net");
  assert.equal(jidToE164("15550001111@s.whatsapp.net"), "+15550001111");
  assert.equal(jidToE164("555@lid"), "555@lid");
  assert.equal(jidToE164("1203@g.us"), undefined);
});
