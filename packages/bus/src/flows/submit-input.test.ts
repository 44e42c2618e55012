import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import { sessionToken } from "@clawfleet/core";
import { Inbox } from "../catalogue/agents.js";
import { provisionPlan, Streams } from "../catalogue/index.js";
import { provision } from "../jetstream/provision.js";
import { readSubject } from "../jetstream/read-subject.js";
import { natsHandles } from "../core/bus.js";
import { useNats } from "../test-support/bus-fixture.js";
import { submitInput } from "./submit-input.js";

const nats = useNats();

test("an input lands in its session's inbox once, however often it is submitted, and signals a turn", async () => {
  const bus = await nats.bus();
  await provision(bus, provisionPlan, silentLogger);
  const sessionKey = "agent:main:telegram:direct:42";
  const input = {
    id: "telegram:default:dm:42:7",
    sessionKey,
    agentId: "main",
    text: "hi",
    source: "channel" as const,
    receivedAt: Date.now(),
  };
  const first = await submitInput(bus, input);
  const retry = await submitInput(bus, input);
  assert.equal(first.duplicate, false);
  assert.deepEqual(retry, { seq: first.seq, duplicate: true });
  const stored = await readSubject(bus, Inbox, { session: sessionToken(sessionKey) });
  assert.deepEqual(
    stored.map((e) => e.data.text),
    ["hi"],
  );
  const turns = (await (await natsHandles(bus).jsm()).streams.info(Streams.Turns.name)).state
    .messages;
  assert.equal(turns, 1, "the repeated signal is deduplicated too");
});
