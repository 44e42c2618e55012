import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  connectClient,
  type ProtocolClient,
} from "../../services/gateway/src/test-support/protocol-client.js";
import { COMPAT_TOKEN, startCompatStack, type CompatStack } from "./support/compat-stack.js";
import { watchControlUi, type WatchedControlUi } from "./support/control-ui-browser.js";
import { serveControlUi } from "./support/control-ui-origin.js";
import { installOpenClaw } from "./support/openclaw-cli.js";

// OpenClaw 2026.9.6's own Control UI, its pages besides chat, against clawfleet.
let stack: CompatStack;
let ui: { url: string; close(): Promise<void> };
let watched: WatchedControlUi;
let client: ProtocolClient;

before(async () => {
  const install = installOpenClaw();
  stack = await startCompatStack();
  ui = await serveControlUi(install.controlUiDir, stack.port);
  watched = await watchControlUi();
  client = await connectClient(stack.url, { token: COMPAT_TOKEN });
});
after(async () => {
  client?.close();
  await watched?.browser.close();
  await ui?.close();
  await stack?.stop();
});

/** Opens a route of the UI (a full load, as a person following a link) and waits for `text`. */
async function open(route: string, text: string | RegExp): Promise<void> {
  watched.at(route);
  await watched.page.goto(`${ui.url}${route}#token=${COMPAT_TOKEN}`);
  await watched.page.getByText(text).first().waitFor({ timeout: 60_000 });
}

/** Waits until every session in `keys` has had its turn (it is listed and no turn runs). */
async function answered(keys: string[]): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const list = await client.request("sessions.list", {});
    const rows = (list.payload?.sessions ?? []) as {
      key: string;
      running: boolean;
      lastMessage?: string;
    }[];
    if (keys.every((key) => rows.some((r) => r.key === key && !r.running && r.lastMessage))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`sessions ${keys.join(", ")} were not answered`);
}

describe("OpenClaw's Control UI pages against clawfleet", { timeout: 300_000 }, () => {
  it("lists the sessions by name on the sessions page and in the sidebar, idle ones as Idle", async () => {
    for (const [sessionKey, message] of [
      ["agent:main:main", "hello main"],
      ["agent:main:side-quest", "hello side quest"],
    ] as const) {
      await client.request("chat.send", { sessionKey, message, idempotencyKey: message });
    }
    await answered(["agent:main:main", "agent:main:side-quest"]);
    await client.request("sessions.patch", { key: "agent:main:side-quest", label: "Side quest" });
    await open("/sessions", "agent:main:main");
    const table = watched.page.locator("table, [role=table], .sessions-table").first();
    await watched.page.getByText("Side quest").first().waitFor({ timeout: 60_000 });
    const rows = watched.page.locator("tr", { hasText: /agent:main:(main|side-quest)/ });
    assert.equal(await rows.count(), 2, await table.innerText());
    for (const row of await rows.all()) {
      await row.getByText("Idle", { exact: true }).first().waitFor({ timeout: 60_000 });
      assert.equal(
        await row.getByText("Unknown", { exact: true }).count(),
        0,
        await row.innerText(),
      );
    }
    const sidebar = watched.page.locator(".sidebar-sessions");
    await sidebar.getByText("Side quest").first().waitFor({ timeout: 60_000 });
    assert.deepEqual(watched.unknownMethods, []);
    assert.deepEqual(watched.errors, []);
  });

  it("renders agents, usage, automations, config, logs and channels with real data, no errors and no unknown methods", async () => {
    const pages: [route: string, shows: string | RegExp][] = [
      ["/agents", "Who is on your team"],
      ["/usage", /2 sessions in range/],
      ["/automations", "No automations yet"],
      ["/config", "Choosing a different theme"],
      ["/settings/advanced", "plus the raw file editor"],
      ["/logs", /listening on ws:\/\//],
      ["/settings/channels", "Each channel account can hold up to 3 pending requests."],
    ];
    for (const [route, shows] of pages) {
      await open(route, shows);
      // Pages load their parts one by one; give the late ones time to fail visibly.
      await watched.page.waitForTimeout(1_500);
      const body = await watched.page.locator("body").innerText();
      assert.doesNotMatch(body, /Cannot read properties|is not a function|unknown method/, route);
    }
    await watched.page.getByText("Telegram").first().waitFor();
    assert.deepEqual(watched.unknownMethods, []);
    assert.deepEqual(watched.errors, []);
  });
});
