import assert from "node:assert/strict";
import { test } from "node:test";
import { hasAllowEntries, isSenderAllowed, normalizeAllowList } from "./allow-from.js";

const alice = { id: "111", username: "Alice_Bot" };

test("ids, usernames with or without @ (any case) and '*' match", () => {
  assert.ok(isSenderAllowed(["111"], alice));
  assert.ok(isSenderAllowed([111], alice));
  assert.ok(isSenderAllowed(["@alice_bot"], alice));
  assert.ok(isSenderAllowed(["ALICE_BOT"], alice));
  assert.ok(isSenderAllowed(["*"], { id: "999" }));
  assert.ok(isSenderAllowed(["telegram:111"], alice));
  assert.ok(isSenderAllowed(["tg:111"], alice));
  assert.ok(isSenderAllowed(["<@!111>"], alice));
  assert.ok(isSenderAllowed(["discord:111"], alice));
});

test("the sender's @ and case do not matter either", () => {
  assert.ok(isSenderAllowed(["alice"], { id: "1", username: "@ALICE" }));
});

test("non-matching, empty and missing lists admit nobody", () => {
  assert.equal(isSenderAllowed(["222", "@bob"], alice), false);
  assert.equal(isSenderAllowed([], alice), false);
  assert.equal(isSenderAllowed(undefined, alice), false);
  assert.equal(normalizeAllowList([]), null);
});

test("an all-digit entry only matches ids, so a numeric username cannot impersonate", () => {
  assert.equal(isSenderAllowed(["111"], { id: "666", username: "111" }), false);
});

test("display names are never matched", () => {
  assert.equal(isSenderAllowed(["Alice"], { id: "5" }), false);
});

test("a phone number starting with + is an E.164 id, however it is spaced (WhatsApp)", () => {
  const list = normalizeAllowList(["+1 (555) 010-0000", "whatsapp:+44 20 7946 0000"]);
  assert.deepEqual([...(list?.ids ?? [])], ["+15550100000", "+442079460000"]);
  assert.ok(isSenderAllowed(["+1 555 010 0000"], { id: "+15550100000" }));
  assert.equal(isSenderAllowed(["+1 555 010 0000"], { id: "+15550100001" }), false);
});

test("a Slack user id is an id, matched exactly", () => {
  assert.ok(isSenderAllowed(["U0ALICE1", "slack:W0BOB123"], { id: "W0BOB123" }));
  assert.equal(isSenderAllowed(["U0ALICE1"], { id: "U0ALICE2", username: "U0ALICE1" }), false);
});

test("a Signal uuid:<id> is an id, matched case-insensitively; signal: prefixes a number", () => {
  const uuid = "3F2504E0-4F89-11D3-9A0C-0305E82C3301";
  assert.ok(isSenderAllowed([`uuid:${uuid}`], { id: uuid.toLowerCase() }));
  assert.ok(isSenderAllowed(["signal:+15550100000"], { id: "+15550100000" }));
  assert.equal(
    isSenderAllowed([`uuid:${uuid}`], { id: "other", username: uuid.toLowerCase() }),
    false,
  );
});

test("usernames that start or end with digits or look partly like a Slack id stay usernames", () => {
  for (const username of ["2fast", "alice2", "WALRUS99fan", "agentU1234567"])
    assert.ok(isSenderAllowed([`@${username}`], { id: "5", username }), username);
  assert.ok(isSenderAllowed(["2fast"], { id: "5", username: "2fast" }));
  assert.ok(isSenderAllowed(["WALRUS99fan"], { id: "5", username: "walrus99fan" }));
});

test("a Discord mention without the nickname mark and entries padded with spaces match too", () => {
  assert.ok(isSenderAllowed(["<@111>"], alice));
  assert.ok(isSenderAllowed([" 111 "], alice));
  assert.ok(isSenderAllowed([" * "], { id: "999" }));
});

test("blank entries do not count as an allow list", () => {
  assert.equal(hasAllowEntries(["", "  "]), false);
  assert.equal(hasAllowEntries(undefined), false);
  assert.equal(hasAllowEntries(["", 111]), true);
});
