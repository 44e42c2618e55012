import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AgentEvents, connectBus, type Bus } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { EarlyReply } from "./early-reply.js";

const SESSION = "agent:main:voice:15551230000";

describe("EarlyReply (agent deltas on the bus → sentences to speak)", { timeout: 30_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  });
  after(async () => {
    await bus?.close();
    await nats?.dispose();
  });

  const delta = (runId: string, seq: number, text: string) =>
    bus.publish(
      AgentEvents,
      { session: sessionToken(SESSION) },
      { runId, runIds: [runId], sessionKey: SESSION, seq, ts: Date.now(), type: "delta", text },
    );

  it("speaks the turn's sentences as they complete (deltas before the input id is known are kept), ignores other runs", async () => {
    const said: string[][] = [];
    const early = new EarlyReply(bus, SESSION, (sentences) => said.push(sentences));
    await bus.flush();
    delta("voice:CA1:1", 1, "Sure, I can help with that. ");
    delta("voice:CA1:0", 1, "An older turn. Not this one. ");
    await bus.flush();
    early.follow("voice:CA1:1");
    delta("voice:CA1:1", 2, "First, open the app. Then");
    await bus.flush();
    await new Promise((r) => setTimeout(r, 100));
    // A sentence is complete once the next one starts, so the first two come out together.
    assert.deepEqual(said, [["Sure, I can help with that.", "First, open the app."]]);
    assert.deepEqual(
      early.sentences.remainder(
        "Sure, I can help with that. First, open the app. Then tap settings.",
        (t) => [t],
      ),
      ["Then tap settings."],
    );
    early.close();
    delta("voice:CA1:1", 3, " more. And more. ");
    await bus.flush();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(said.length, 1, "nothing after close");
  });
});
