import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { ChannelsStatus, connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  AnthropicFake,
  launchCli,
  startNatsServer,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { startStreamingAgent, type StreamingAgent } from "./support/streaming-agent.js";

// Replies come from the real agents service talking to the testkit's Anthropic fake (streamed in
// two-word chunks). GATEWAY_E2E_STANDIN=1 swaps in a bus-level stand-in agent instead.
const STANDIN = process.env.GATEWAY_E2E_STANDIN === "1";
const TOKEN = "ui-e2e-token-5d1c0b9a8e7f";
const CONFIG = {
  gateway: { mode: "local" },
  agents: {
    defaults: { model: { primary: "anthropic/claude-sonnet-4-5" }, maxConcurrent: 4 },
    list: [{ id: "main", default: true }],
  },
};

let nats: NatsTestServer;
let bus: Bus;
let fake: AnthropicFake;
let dir: string;
let env: Record<string, string>;
let gateway: LaunchedCli;
let agents: LaunchedCli | undefined;
let standin: StreamingAgent | undefined;
let channels: LaunchedCli | undefined;
let browser: BrowserContext;
let page: Page;
let base: string;

before(async () => {
  nats = await startNatsServer();
  bus = await connectBus({ servers: nats.url, name: "ui-test", logger: silentLogger });
  fake = new AnthropicFake({ chunkDelayMs: 120 });
  dir = mkdtempSync(join(tmpdir(), "clawfleet-ui-"));
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(CONFIG, null, 2));
  env = {
    NATS_URL: nats.url,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_GATEWAY_TOKEN: TOKEN,
    ANTHROPIC_API_KEY: "sk-ant-test-key",
    ANTHROPIC_BASE_URL: await fake.start(),
  };
  gateway = launchCli(["gateway", "--port", "0"], env);
  const line = await gateway.waitForLine(/listening on ws:\/\//, 15_000);
  base = `http://127.0.0.1:${/:(\d+) \(PID/.exec(line)![1]}`;
  if (STANDIN) standin = startStreamingAgent(bus, { delayMs: 150 });
  else {
    agents = launchCli(["agents"], env);
    await agents.waitReady();
  }
  // A fresh profile per run (playwright passes it to Chromium as --user-data-dir).
  browser = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), "clawfleet-chromium-")),
    {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
  );
  page = browser.pages()[0] ?? (await browser.newPage());
});

after(async () => {
  await browser?.close();
  await standin?.stop();
  await Promise.all([agents?.stop(), channels?.stop(), gateway?.stop()]);
  await bus.close();
  await fake.stop();
  await nats.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe("the Control UI in a browser", () => {
  it("says when the token is wrong, removes ?token= from the address bar, and connects with the pasted one", async () => {
    await page.goto(`${base}/?token=definitely-wrong`);
    await page.getByText("Wrong gateway token").waitFor();
    assert.equal(new URL(page.url()).search, "", "the token is gone from the address bar");
    await page.getByPlaceholder("gateway token").fill(TOKEN);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.locator('[data-testid="connection"]', { hasText: "connected" }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem("clawfleet.gatewayToken")), TOKEN);
  });

  it("streams a chat reply as it is written, then shows the final text", async () => {
    const text =
      "please repeat this fairly long sentence back to me word by word so the stream is visible";
    await page.getByLabel("message").fill(text);
    await page.getByTestId("send").click();
    await page.locator('[data-testid="msg-user"]', { hasText: "fairly long sentence" }).waitFor();
    const streaming = page.locator('[data-testid="msg-assistant"][data-state="streaming"]');
    await streaming.waitFor();
    const partial = (await streaming.innerText()).trim();
    assert.ok(
      partial.length > 0 && partial.length < `echo: ${text}`.length,
      `saw partial text "${partial}" before the end`,
    );
    assert.ok(
      await page.getByTestId("stop").isVisible(),
      "Stop is offered while the reply streams",
    );
    await page
      .locator('[data-testid="msg-assistant"][data-state="done"]', { hasText: `echo: ${text}` })
      .waitFor({ timeout: 20_000 });
    await page.getByTestId("send").waitFor();
  });

  it("stops a streaming reply with Stop", async () => {
    await page
      .getByLabel("message")
      .fill(
        "this reply will be stopped long before it can finish streaming all of these many words to the screen",
      );
    await page.getByTestId("send").click();
    await page.locator('[data-testid="msg-assistant"][data-state="streaming"]').waitFor();
    await page.getByTestId("stop").click();
    await page
      .locator('[data-testid="msg-assistant"][data-state="aborted"]')
      .waitFor({ timeout: 15_000 });
    await page.getByTestId("send").waitFor();
  });

  it("renders a Markdown reply as a table and a code block with Copy, and never runs HTML in it", async () => {
    const markdown = [
      "here is the plan",
      "",
      "| step | owner |",
      "|------|-------|",
      "| build | **ci** |",
      "",
      "```sh",
      "npm run build",
      "```",
      "",
      '<img src="x" onerror="window.__pwned = 1"><script>window.__pwned = 2</script>',
      "[bad](javascript:window.__pwned=3)",
    ].join("\n");
    await page.getByLabel("message").fill(markdown);
    await page.getByTestId("send").click();
    const reply = page.locator('[data-testid="msg-assistant"][data-state="done"]', {
      hasText: "here is the plan",
    });
    await reply.waitFor({ timeout: 20_000 });
    const table = reply.locator("table");
    assert.deepEqual(await table.locator("th").allInnerTexts(), ["step", "owner"]);
    assert.deepEqual(await table.locator("td").allInnerTexts(), ["build", "ci"]);
    assert.equal(await table.locator("td strong").innerText(), "ci");
    assert.equal((await reply.locator("pre code").innerText()).trim(), "npm run build");
    await browser.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    await reply.getByTestId("copy-code").click();
    await reply.getByRole("button", { name: "Copied" }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "npm run build");
    assert.match(await reply.innerText(), /<img src="x" onerror=/, "the HTML shows as text");
    assert.equal(await reply.locator("img, script").count(), 0);
    assert.equal(await reply.locator("a").count(), 0, "a javascript: link is not a link");
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
  });

  it("validates config edits inline against the schema, saves a valid one, and handles a stale baseHash", async () => {
    await page.getByRole("button", { name: "Config" }).click();
    const editor = page.getByLabel("openclaw.json");
    await page.waitForFunction(() =>
      document
        .querySelector("claw-app")
        ?.shadowRoot?.querySelector("claw-config")
        ?.shadowRoot?.querySelector("textarea")
        ?.value.includes("maxConcurrent"),
    );
    const original = await editor.inputValue();
    await editor.fill(original.replace('"maxConcurrent": 4', '"maxConcurrent": "lots"'));
    const issue = page.getByTestId("config-error").first();
    await issue.waitFor();
    assert.match(await issue.innerText(), /agents\.defaults\.maxConcurrent: expected integer/);
    assert.match(await issue.innerText(), /line \d+/);
    assert.equal(
      await page.getByTestId("config-save").isDisabled(),
      true,
      "an invalid config cannot be saved",
    );

    await editor.fill(original.replace('"maxConcurrent": 4', '"maxConcurrent": 3'));
    await page.getByTestId("config-save").click();
    await page.getByTestId("config-saved").waitFor();
    assert.match(readFileSync(join(dir, "openclaw.json"), "utf8"), /"maxConcurrent": 3/);

    // Someone edits the file over SSH while the editor is open: saving refuses, offering reload or overwrite.
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({ ...CONFIG, meta: { lastTouchedVersion: "ssh" } }, null, 2),
    );
    await editor.fill(
      (await editor.inputValue()).replace('"maxConcurrent": 3', '"maxConcurrent": 5'),
    );
    await page.getByTestId("config-save").click();
    await page.getByTestId("config-stale").waitFor();
    await page.getByRole("button", { name: "Reload (discard my edits)" }).click();
    await page.waitForFunction(() =>
      document
        .querySelector("claw-app")
        ?.shadowRoot?.querySelector("claw-config")
        ?.shadowRoot?.querySelector("textarea")
        ?.value.includes('"ssh"'),
    );
  });

  it("edits the config in a form generated from its schema, with secrets masked and kept", async () => {
    await page.getByRole("button", { name: "Config" }).click();
    await page.getByRole("tab", { name: "Form" }).click();
    const open = async (...sections: string[]) => {
      for (let i = 1; i <= sections.length; i++)
        await page
          .locator(`details[data-path="${sections.slice(0, i).join(".")}"] > summary`)
          .click();
    };
    const field = (path: string) => page.locator(`.field[data-path="${path}"]`);
    await open("agents", "defaults");
    await field("agents.defaults.maxConcurrent").locator("input").fill("6");
    await open("tools", "web", "search");
    const key = field("tools.web.search.apiKey").locator("input");
    assert.equal(await key.getAttribute("type"), "password", "a secret's input is masked");
    await key.fill("BSA-form-secret-4321");
    await page.getByRole("button", { name: "Save 2 changes" }).click();
    await page.getByTestId("config-saved").waitFor();
    const stored = () => readFileSync(join(dir, "openclaw.json"), "utf8");
    assert.match(stored(), /"maxConcurrent": 6/);
    assert.match(stored(), /BSA-form-secret-4321/);
    assert.equal(await key.inputValue(), "", "the saved secret is not shown");
    assert.equal(await key.getAttribute("placeholder"), "set (hidden) — type to replace");

    // Another change leaves the untouched secret as it is.
    await field("agents.defaults.maxConcurrent").locator("input").fill("7");
    await page.getByRole("button", { name: "Save 1 change" }).click();
    await page.getByRole("button", { name: "No changes" }).waitFor();
    assert.match(stored(), /"maxConcurrent": 7/);
    assert.match(stored(), /BSA-form-secret-4321/, "the stored secret is kept");
    await page.getByRole("tab", { name: "JSON5" }).click();
    const text = await page.getByLabel("openclaw.json").inputValue();
    assert.doesNotMatch(text, /BSA-form-secret-4321/, "the text editor never shows it either");
    assert.match(text, /"maxConcurrent": 7/);
  });

  it("shows an error from before the current connection as history, not next to 'connected'", async () => {
    // Stands in for the channels service (no real one runs yet): one account reconnected after
    // its error, one failing since it connected, one down.
    const now = Date.now();
    const account = (
      accountId: string,
      connected: boolean,
      errorAt: number,
      connectedAt: number,
    ) => ({
      channel: "telegram",
      accountId,
      configured: true,
      enabled: true,
      connected,
      holder: "vm-test",
      lastError: `${accountId} failed`,
      lastErrorAt: errorAt,
      lastConnectedAt: connectedAt,
      updatedAt: now,
    });
    const standIn = bus.serve(ChannelsStatus, {}, () => ({
      ts: Date.now(),
      accounts: [
        account("recovered", true, now - 600_000, now - 300_000),
        account("failing", true, now - 60_000, now - 300_000),
        account("down", false, now - 60_000, now - 300_000),
      ],
    }));
    try {
      await page.getByRole("button", { name: "Channels" }).click();
      const panel = (id: string) =>
        page.locator('[data-testid="channel-account"]', { hasText: `Telegram · ${id}` });
      await panel("recovered").waitFor();
      assert.equal(await panel("recovered").locator('[data-testid="account-error"]').count(), 0);
      assert.match(
        await panel("recovered").locator('[data-testid="resolved-error"]').innerText(),
        /10m ago, before it reconnected: recovered failed/,
      );
      for (const id of ["failing", "down"])
        assert.equal(
          await panel(id).locator('[data-testid="account-error"]').innerText(),
          `${id} failed`,
        );
    } finally {
      standIn.unsubscribe();
    }
  });

  it("lists every process group with its live instances in the services view", async () => {
    if (STANDIN) {
      await standin?.stop();
      standin = undefined;
      agents = launchCli(["agents"], env);
      await agents.waitReady();
    }
    channels = launchCli(["channels"], env);
    await channels.waitReady();
    await page.getByRole("button", { name: "Services" }).click();
    for (const group of ["gateway", "agents", "channels"]) {
      const row = page
        .locator(`[data-testid="process-group"][data-group="${group}"] [data-testid="instance"]`)
        .first();
      await row.waitFor({ timeout: 15_000 });
      assert.equal(await row.locator("th").innerText(), group, "each row names its service");
    }
  });

  it("is usable on a phone-sized screen: every tab reachable, no horizontal scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const tab of ["Sessions", "Channels", "Workspace", "Config", "Services", "Logs", "Chat"]) {
      const button = page.getByRole("navigation", { name: "views" }).getByRole("button", {
        name: tab,
      });
      await button.scrollIntoViewIfNeeded();
      await button.click();
      await page.waitForFunction((name) => location.hash === `#${name}`, tab.toLowerCase());
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      assert.ok(overflow <= 0, `no horizontal scrolling on ${tab} (overflow ${overflow}px)`);
    }
    await page.getByTestId("send").waitFor();
    const box = await page.getByLabel("message").boundingBox();
    assert.ok(box && box.width > 200, "the message box uses the width");
  });

  it("says clearly when no configured model can be used", async () => {
    const broken = {
      ...CONFIG,
      agents: {
        ...CONFIG.agents,
        defaults: { ...CONFIG.agents.defaults, model: { primary: "openai/gpt-4o" } },
      },
    };
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(broken, null, 2));
    await page.waitForTimeout(1500);
    await page.reload();
    await page.getByTestId("chat-banner").waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId("chat-banner").innerText(), /No model configured/);
  });

  it("shows the disconnected state when the gateway goes away", async () => {
    await gateway.stop();
    await page.getByTestId("disconnected").waitFor({ timeout: 15_000 });
    assert.match(
      await page.getByTestId("disconnected").innerText(),
      /restarting|Lost the connection/,
    );
  });
});
