import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { gatewayPreflight } from "./preflight.js";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function stateWith(config?: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "clawfleet-preflight-"));
  dirs.push(dir);
  if (config !== undefined) writeFileSync(join(dir, "openclaw.json"), config);
  return { OPENCLAW_STATE_DIR: dir };
}

describe("gateway preflight", () => {
  it("without --allow-unconfigured: refuses a missing config, an invalid one (with path lines) and gateway.mode not local", () => {
    assert.throws(
      () => gatewayPreflight({}, {}, stateWith()),
      /no config at .*openclaw\.json: .*--allow-unconfigured/,
    );
    assert.throws(
      () => gatewayPreflight({}, {}, stateWith('{ gateway: { port: "x" } }')),
      /Config invalid: .*\n- gateway\.port: /,
    );
    assert.throws(
      () => gatewayPreflight({}, {}, stateWith("{}")),
      /gateway\.mode is unset .*set gateway\.mode to "local"/,
    );
    assert.doesNotThrow(() =>
      gatewayPreflight({}, {}, stateWith('{ gateway: { mode: "local" } }')),
    );
  });

  it("with --allow-unconfigured: starts without a config and writes nothing yet", () => {
    const env = stateWith();
    assert.doesNotThrow(() => gatewayPreflight({}, { "allow-unconfigured": true }, env));
    assert.deepEqual(readdirSync(env.OPENCLAW_STATE_DIR!), []);
  });

  it("refuses the seed's --bind lan without a token, and accepts it with one from the environment or the file", () => {
    const flags = { "allow-unconfigured": true, bind: "lan", port: "3000" };
    assert.throws(
      () => gatewayPreflight({}, flags, stateWith()),
      /fly secrets set OPENCLAW_GATEWAY_TOKEN=\$\(openssl rand -hex 32\)/,
    );
    assert.doesNotThrow(() =>
      gatewayPreflight({ OPENCLAW_GATEWAY_TOKEN: "t0k3n-value" }, flags, stateWith()),
    );
    assert.doesNotThrow(() =>
      gatewayPreflight({}, flags, {
        ...stateWith('{ gateway: { mode: "local", auth: { token: "${MY_TOKEN}" } } }'),
        MY_TOKEN: "from-env-var",
      }),
    );
  });
});
