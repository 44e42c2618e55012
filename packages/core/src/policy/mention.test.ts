import assert from "node:assert/strict";
import { test } from "node:test";
import { compileMentionPatterns, detectMention, resolveMentionPatterns } from "./mention.js";

const plain = { text: "hey claw, what's up?", mentioned: false };

test("the platform mention flag, then a reply to the bot, then patterns", () => {
  assert.deepEqual(detectMention({ ...plain, mentioned: true }), {
    mentioned: true,
    via: "explicit",
  });
  assert.deepEqual(detectMention({ ...plain, replyTo: { messageId: "1", toBot: true } }), {
    mentioned: true,
    via: "reply",
  });
  assert.deepEqual(detectMention({ ...plain, replyTo: { messageId: "1", toBot: false } }), {
    mentioned: false,
  });
  const patterns = compileMentionPatterns(["\\bclaw\\b"]);
  assert.deepEqual(detectMention(plain, patterns), { mentioned: true, via: "pattern" });
  assert.deepEqual(detectMention({ ...plain, text: "clawfleet rocks" }, patterns), {
    mentioned: false,
  });
});

test("patterns are case-insensitive", () => {
  assert.equal(
    detectMention({ ...plain, text: "HEY CLAW" }, compileMentionPatterns(["claw"])).mentioned,
    true,
  );
});

test("invalid patterns are reported, not thrown, and the valid ones still work", () => {
  const set = compileMentionPatterns(["(unclosed", "claw", ""]);
  assert.equal(set.regexes.length, 1);
  assert.equal(set.invalid.length, 1);
  assert.equal(set.invalid[0]?.pattern, "(unclosed");
  assert.match(set.invalid[0]?.error ?? "", /Invalid regular expression/);
  assert.equal(detectMention(plain, set).mentioned, true);
});

test("an agent's own patterns win over messages.groupChat, even when empty", () => {
  const cfg = {
    agents: {
      list: [
        { id: "Main", groupChat: { mentionPatterns: ["bot"] } },
        { id: "quiet", groupChat: { mentionPatterns: [] } },
        { id: "plain" },
      ],
    },
    messages: { groupChat: { mentionPatterns: ["global"] } },
  };
  assert.deepEqual(resolveMentionPatterns(cfg, "main"), ["bot"]);
  assert.deepEqual(resolveMentionPatterns(cfg, "quiet"), []);
  assert.deepEqual(resolveMentionPatterns(cfg, "plain"), ["global"]);
  assert.deepEqual(resolveMentionPatterns({}, "x"), []);
});

test("no patterns, blank patterns and config without lists match nothing; any one pattern is enough", () => {
  assert.deepEqual(compileMentionPatterns(undefined), { regexes: [], invalid: [] });
  const blank = compileMentionPatterns(["  "]);
  assert.deepEqual(detectMention({ text: "two  spaces", mentioned: false }, blank), {
    mentioned: false,
  });
  assert.deepEqual(resolveMentionPatterns({ agents: {}, messages: {} }, "main"), []);
  const either = compileMentionPatterns(["\\bclaw\\b", "\\bbot\\b"]);
  assert.deepEqual(detectMention({ text: "hey bot", mentioned: false }, either), {
    mentioned: true,
    via: "pattern",
  });
});
