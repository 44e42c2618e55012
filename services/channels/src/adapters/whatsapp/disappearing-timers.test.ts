import assert from "node:assert/strict";
import { test } from "node:test";
import { DisappearingTimers } from "./disappearing-timers.js";

test("a chat's latest timer is used for replies; a message without one turns it off", () => {
  const timers = new DisappearingTimers();
  assert.deepEqual(timers.sendOptions("a@s.whatsapp.net"), {});
  timers.note("a@s.whatsapp.net", 86_400);
  timers.note("g@g.us", 604_800);
  assert.deepEqual(timers.sendOptions("a@s.whatsapp.net"), { ephemeralExpiration: 86_400 });
  assert.deepEqual(timers.sendOptions("g@g.us"), { ephemeralExpiration: 604_800 });
  timers.note("a@s.whatsapp.net", 0);
  assert.deepEqual(timers.sendOptions("a@s.whatsapp.net"), {});
});

test("only the 10 000 chats heard from most recently are remembered", () => {
  const timers = new DisappearingTimers();
  for (let i = 0; i < 10_001; i++) timers.note(`chat-${i}`, 60);
  assert.deepEqual(timers.sendOptions("chat-0"), {}, "the oldest is forgotten");
  assert.deepEqual(timers.sendOptions("chat-1"), { ephemeralExpiration: 60 });
  timers.note("chat-1", 60);
  timers.note("chat-new", 60);
  assert.deepEqual(timers.sendOptions("chat-1"), { ephemeralExpiration: 60 }, "heard again: kept");
  assert.deepEqual(timers.sendOptions("chat-2"), {});
});
