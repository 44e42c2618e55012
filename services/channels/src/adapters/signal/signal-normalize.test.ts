import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeSignalEvent, quoteOf } from "./signal-normalize.js";

const self = { number: "+15550009999", uuid: "aaaaaaaa-0000-4000-8000-000000000001" };

test("a DM from a number: peer and sender are the number, the id is timestamp-sender", () => {
  const dm = normalizeSignalEvent(
    {
      account: self.number,
      envelope: {
        sourceNumber: "+15550100001",
        sourceUuid: "bbbbbbbb-0000-4000-8000-000000000002",
        sourceName: "Alice",
        timestamp: 1_700_000_000_123,
        dataMessage: { timestamp: 1_700_000_000_123, message: "hi" },
      },
    },
    "default",
    self,
  );
  assert.ok(dm.ok);
  assert.deepEqual(dm.message.peer, { kind: "dm", id: "+15550100001" });
  assert.equal(dm.message.messageId, "1700000000123-+15550100001");
  assert.deepEqual(quoteOf(dm.message.messageId), {
    timestamp: 1_700_000_000_123,
    author: "+15550100001",
  });
});

test("a group message mentioning the bot is mentioned, the placeholder dropped; others spelled out", () => {
  const group = normalizeSignalEvent(
    {
      envelope: {
        sourceNumber: null,
        sourceUuid: "CCCCCCCC-0000-4000-8000-000000000003",
        timestamp: 5,
        dataMessage: {
          message: "\uFFFC ask \uFFFC",
          mentions: [
            { uuid: self.uuid, start: 0, length: 1 },
            { number: "+15550100001", start: 6, length: 1 },
          ],
          groupInfo: { groupId: "Z3JvdXA=", groupName: "Team", type: "DELIVER" },
        },
      },
    },
    "default",
    self,
  );
  assert.ok(group.ok);
  assert.equal(group.message.mentioned, true);
  assert.equal(group.message.text, "ask @+15550100001");
  assert.deepEqual(group.message.peer, { kind: "group", id: "Z3JvdXA=" });
  assert.equal(group.message.sender.id, "cccccccc-0000-4000-8000-000000000003");
  assert.equal(group.message.chatTitle, "Team");
});

test("own messages, sync messages, group updates, reactions and decrypt failures are skipped", () => {
  const base = { sourceNumber: "+15550100001", timestamp: 9 };
  const skip = (receive: Parameters<typeof normalizeSignalEvent>[0]) =>
    normalizeSignalEvent(receive, "default", self).ok;
  assert.equal(
    skip({ envelope: { ...base, sourceNumber: self.number, dataMessage: { message: "x" } } }),
    false,
  );
  assert.equal(skip({ envelope: { ...base, syncMessage: {} } }), false);
  assert.equal(
    skip({
      envelope: {
        ...base,
        dataMessage: { message: "x", groupInfo: { groupId: "Zw==", type: "UPDATE" } },
      },
    }),
    false,
  );
  assert.equal(skip({ envelope: { ...base, dataMessage: { reaction: { emoji: "👍" } } } }), false);
  assert.equal(
    skip({ exception: { message: "bad mac", type: "ProtocolInvalidMessageException" } }),
    false,
  );
});

test("attachments come back as signal-cli describes them; a photo without text is still a message", () => {
  const photo = { contentType: "image/jpeg", filename: null, id: "x1.jpeg", size: 2048 };
  const normalized = normalizeSignalEvent(
    {
      envelope: {
        sourceNumber: "+15550100001",
        timestamp: 11,
        dataMessage: { message: null, attachments: [photo] },
      },
    },
    "default",
    self,
  );
  assert.ok(normalized.ok);
  assert.equal(normalized.message.text, "");
  assert.deepEqual(normalized.attachments, [photo]);
  const empty = normalizeSignalEvent(
    { envelope: { sourceNumber: "+15550100001", timestamp: 12, dataMessage: { message: "" } } },
    "default",
    self,
  );
  assert.deepEqual(empty, { ok: false, reason: "no text" });
});

test("a sticker is a message of its own: no text, flagged for its placeholder", () => {
  const result = normalizeSignalEvent(
    {
      envelope: {
        sourceNumber: "+15550001111",
        timestamp: 1_700_000_000_123,
        dataMessage: { message: null, sticker: { packId: "8f3a", stickerId: 2 } },
      },
    },
    "default",
    { number: "+15550009999" },
  );
  assert.ok(result.ok);
  assert.equal(result.message.text, "");
  assert.equal(result.sticker, true);
  assert.deepEqual(result.attachments, []);
});
