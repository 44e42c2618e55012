import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { runAgentsFiles } from "./agents-command.js";

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
  const cases: [string[], Record<string, string>, RegExp][] = [
    [["nope"], {}, /unknown agents subcommand: nope/],
    [["files", "rm", "SOUL.md"], {}, /unknown agents files action: rm/],
    [["files", "get"], {}, /needs a file name/],
    [["files", "get", "../secrets"], {}, /not a workspace file name: \.\.\/secrets/],
    [["files", "set", "SOUL.md"], {}, /exactly one of --file or --content/],
  ];
  for (const [positionals, values, message] of cases) {
    const capture = io({ NATS_URL: "nats://127.0.0.1:1" });
    assert.equal(await runAgentsFiles({ positionals, values, io: capture.io }), 2);
    assert.match(capture.err.join("\n"), message);
    assert.match(capture.err.join("\n"), /Usage: clawfleet agents files list/);
  }
});

test("an oversized file is refused naming it and the limit; no worker means a clear error", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "agents-cli-")), "soul.md");
  writeFileSync(file, "x".repeat(300_000));
  const big = io({ NATS_URL: nats.url });
  const code = await runAgentsFiles({
    positionals: ["files", "set", "SOUL.md"],
    values: { file },
    io: big.io,
  });
  assert.equal(code, 1);
  assert.match(
    big.err.join("\n"),
    /SOUL\.md is 300000 bytes; a workspace file may hold at most 262144 bytes/,
  );
  const none = io({ NATS_URL: nats.url });
  assert.equal(
    await runAgentsFiles({ positionals: ["files", "list"], values: {}, io: none.io }),
    1,
  );
  assert.match(none.err.join("\n"), /no agents service answers on the bus.*clawfleet agents/);
});
