import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSystemPrompt, PHONE_CALL_RULES } from "./system-prompt.js";

const base = { agentName: "Claw", toolNames: [], now: new Date("2026-11-24T10:00:00Z") };

test("a chat turn may stay silent with NO_REPLY and is told where it happens", () => {
  const prompt = buildSystemPrompt({ ...base, channel: "telegram" });
  assert.match(prompt, /This conversation happens on telegram\./);
  assert.match(prompt, /reply with exactly NO_REPLY/);
  assert.ok(!prompt.includes(PHONE_CALL_RULES));
});

test("a phone call is told its answer is spoken and must never be silent (no NO_REPLY)", () => {
  const prompt = buildSystemPrompt({ ...base, channel: "voice" });
  assert.ok(prompt.includes(PHONE_CALL_RULES));
  assert.doesNotMatch(prompt, /NO_REPLY/);
});

test("the operator's own prompt replaces the default one; the rules still follow it", () => {
  const prompt = buildSystemPrompt({
    ...base,
    custom: "  You are Nonna's helper.  ",
    toolNames: ["web_fetch"],
  });
  assert.match(prompt, /^You are Nonna's helper\.\n/);
  assert.match(prompt, /Tools you may use: web_fetch\./);
  assert.match(prompt, /untrusted user content/);
});
