import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { answersUpsert, OFFLINE_CATCH_UP_MS } from "./whatsapp-upsert.js";

const NOW = 1_800_000_000_000;
const message = (ageMs: number, fromMe = false) => ({
  key: { remoteJid: "15550001111@s.whatsapp.net", id: "WA1", fromMe },
  message: { conversation: "hi" },
  messageTimestamp: Math.floor((NOW - ageMs) / 1000),
});

describe("answersUpsert", () => {
  it("answers live messages", () => {
    assert.equal(answersUpsert("notify", message(0), NOW), true);
  });

  it("answers what reached the device while it was offline (a takeover gap), if recent", () => {
    assert.equal(answersUpsert("append", message(10_000), NOW), true);
    assert.equal(answersUpsert("append", message(OFFLINE_CATCH_UP_MS + 60_000), NOW), false);
  });

  it("never answers its own sends or message types other than notify and append", () => {
    assert.equal(answersUpsert("append", message(1000, true), NOW), false);
    assert.equal(answersUpsert("history", message(1000), NOW), false);
  });
});
