import assert from "node:assert/strict";
import { test } from "node:test";
import type { CliIo } from "./command.js";
import { commands } from "./commands/index.js";
import { runCli } from "./run-cli.js";

function capture(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      env: { NATS_URL: "nats://127.0.0.1:1" },
      isTerminal: false,
    },
    out,
    err,
  };
}

for (const command of commands) {
  test(`clawfleet ${command.name} --help: usage, every option, environment and examples`, async () => {
    for (const flag of ["--help", "-h"]) {
      const { io, out, err } = capture();
      assert.equal(await runCli([command.name, flag], io), 0);
      assert.deepEqual(err, []);
      const text = out.join("\n");
      assert.match(text, new RegExp(`^Usage: clawfleet ${command.name}\\b`));
      for (const section of ["Environment:", "Examples:"])
        assert.ok(text.includes(section), section);
      for (const option of Object.keys(command.options ?? {}))
        assert.ok(text.includes(`--${option}`), `--${option} is explained`);
      assert.ok(text.includes(`clawfleet ${command.name}`), "an example runs it");
    }
  });

  test(`clawfleet ${command.name} with an unknown flag: the flag and command named, exit 2`, async () => {
    const { io, out, err } = capture();
    assert.equal(await runCli([command.name, "--no-such-flag"], io), 2);
    assert.deepEqual(out, []);
    const text = err.join("\n");
    assert.match(text, new RegExp(`unknown option --no-such-flag for \`${command.name}\``));
    assert.match(text, new RegExp(`clawfleet ${command.name} --help`));
  });
}

test("an option without its value is named", async () => {
  const { io, err } = capture();
  assert.equal(await runCli(["gateway", "--port"], io), 2);
  assert.match(err.join("\n"), /option --port of `gateway` needs a value/);
});

test("an unknown command lists the commands, exit 2", async () => {
  const { io, err } = capture();
  assert.equal(await runCli(["dashbord"], io), 2);
  assert.match(err.join("\n"), /unknown command: dashbord[\s\S]*dashboard/);
});
