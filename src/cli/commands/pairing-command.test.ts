import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { pairingCommand } from "./pairing-command.js";

let nats: NatsTestServer;
before(async () => {
  nats = await startNatsServer();
});
after(async () => {
  await nats.dispose();
});

function io(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: (t: string) => void out.push(t),
      err: (t: string) => void err.push(t),
      env,
      isTerminal: false,
    },
  };
}

test("wrong arguments print the usage and exit 2, without touching the bus", async () => {
  for (const positionals of [
    [],
    ["approve", "telegram"],
    ["list", "telegram", "extra"],
    ["revoke"],
  ]) {
    const capture = io({ NATS_URL: "nats://127.0.0.1:1" });
    assert.equal(
      await pairingCommand.run({ positionals, values: {}, io: capture.io }),
      2,
      positionals.join(" "),
    );
    assert.match(capture.err.join("\n"), /Usage: clawfleet pairing list \[channel\]/);
  }
});

test("says clearly when no channels service answers", async () => {
  const capture = io({ NATS_URL: nats.url });
  assert.equal(await pairingCommand.run({ positionals: ["list"], values: {}, io: capture.io }), 1);
  assert.match(
    capture.err.join("\n"),
    /no channels service answers on the bus; start it with `clawfleet channels`/,
  );
});
