import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CLI_PATH, launchCli } from "@clawfleet/testkit";
import { connectClient } from "../../services/gateway/src/test-support/protocol-client.js";

const TOKEN = "dashboard-test-token-0123456789abcdef";

function dashboard(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, [CLI_PATH, "dashboard", ...args], {
    env,
    encoding: "utf8",
    timeout: 30_000,
  });
}

test(
  "clawfleet dashboard: a one-time link signs a browser in once; the gateway token is never printed",
  { timeout: 90_000 },
  async () => {
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      OPENCLAW_STATE_DIR: mkdtempSync(join(tmpdir(), "dashboard-state-")),
      OPENCLAW_GATEWAY_TOKEN: TOKEN,
    };
    const all = launchCli(["all", "--port", "0"], env);
    try {
      await all.waitReady(60_000);
      const uiLine = await all.waitForLine(/Control UI: http:\/\/127\.0\.0\.1:\d+\//, 10_000);
      const base = /http:\/\/127\.0\.0\.1:\d+\//.exec(uiLine)![0];

      const printed = dashboard(env, "--no-open");
      assert.equal(printed.status, 0, printed.stderr);
      assert.match(printed.stdout, /Control UI: http:\/\/127\.0\.0\.1:\d+\/\?token=cfo1_[\w-]+/);
      assert.match(printed.stdout, /once, within 10 minutes/);

      const json = dashboard(env, "--json");
      assert.equal(json.status, 0, json.stderr);
      const link = JSON.parse(json.stdout) as {
        url: string;
        tokenIncluded: boolean;
        expiresAt: number;
      };
      assert.equal(link.tokenIncluded, true);
      assert.ok(link.url.startsWith(`${base}?token=cfo1_`), link.url);
      assert.ok(link.expiresAt > Date.now() + 9 * 60_000);
      for (const output of [printed.stdout, printed.stderr, json.stdout, json.stderr])
        assert.ok(!output.includes(TOKEN), "the gateway token is never printed");

      const first = await fetch(link.url, { redirect: "manual" });
      assert.equal(first.status, 302);
      const location = first.headers.get("location") ?? "";
      const credential = new URL(location, base).searchParams.get("token") ?? "";
      assert.match(credential, /^cfb1_/);
      assert.ok(!location.includes(TOKEN), "the redirect does not carry the gateway token");

      const again = await fetch(link.url, { redirect: "manual" });
      assert.equal(again.status, 410, "the link works once");
      assert.match(await again.text(), /already used or has expired/);

      const wsUrl = base.replace("http://", "ws://");
      const signedIn = await connectClient(wsUrl, { token: credential });
      assert.equal(signedIn.hello.ok, true, JSON.stringify(signedIn.hello.error));
      signedIn.close();
      const forged = await connectClient(wsUrl, { token: `${credential.slice(0, -2)}xx` });
      assert.equal(forged.hello.ok, false, "a tampered credential is refused");
      forged.close();
      assert.ok(
        !all.lines.some((l) => l.includes("cfo1_") || l.includes(credential)),
        "codes are not logged",
      );
    } finally {
      await all.stop();
    }
  },
);

test(
  "clawfleet dashboard without a running gateway says what to start",
  { timeout: 30_000 },
  () => {
    const result = dashboard({
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      OPENCLAW_STATE_DIR: mkdtempSync(join(tmpdir(), "dashboard-none-")),
      NATS_URL: "nats://127.0.0.1:1",
    });
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /clawfleet dashboard: NATS at nats:\/\/127\.0\.0\.1:1 does not answer/,
    );
  },
);
