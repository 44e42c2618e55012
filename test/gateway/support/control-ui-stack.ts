import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import {
  AnthropicFake,
  launchCli,
  startNatsServer,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";

/** The gateway token the stack's browser signs in with. */
export const UI_TOKEN = "ui-e2e-token-5d1c0b9a8e7f";

/** A config with one agent answering through the Anthropic fake. */
export const UI_CONFIG = {
  gateway: { mode: "local" },
  agents: {
    defaults: { model: { primary: "anthropic/claude-sonnet-4-5" }, maxConcurrent: 4 },
    list: [{ id: "main", default: true }],
  },
};

/** A gateway and an agents process on a fresh nats-server, an Anthropic fake, and Chromium. */
export interface ControlUiStack {
  readonly fake: AnthropicFake;
  readonly gateway: LaunchedCli;
  readonly agents: LaunchedCli;
  readonly browser: BrowserContext;
  readonly page: Page;
  /** `http://127.0.0.1:<port>` of the gateway. */
  readonly base: string;
  /** The state dir holding openclaw.json. */
  readonly dir: string;
  /** The private nats-server the processes share. */
  readonly natsUrl: string;
  /** Opens the Control UI signed in (the token is stored, as after a first sign-in) at `hash`. */
  open(hash?: string): Promise<void>;
  /** Fills the composer and presses Enter. */
  say(text: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the real processes a person uses (`clawfleet gateway` and `clawfleet agents` from the built
 * CLI) with the model answered by the testkit's Anthropic fake (`chunkDelayMs` between two-word
 * chunks), and a headless Chromium with a fresh profile; `config` replaces {@link UI_CONFIG}.
 */
export async function startControlUiStack(
  options: { chunkDelayMs?: number; config?: object } = {},
): Promise<ControlUiStack> {
  const nats: NatsTestServer = await startNatsServer();
  const fake = new AnthropicFake({ chunkDelayMs: options.chunkDelayMs ?? 40 });
  const dir = mkdtempSync(join(tmpdir(), "clawfleet-ui-"));
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(options.config ?? UI_CONFIG, null, 2));
  const env = {
    NATS_URL: nats.url,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_GATEWAY_TOKEN: UI_TOKEN,
    ANTHROPIC_API_KEY: "sk-ant-test-key",
    ANTHROPIC_BASE_URL: await fake.start(),
  };
  const gateway = launchCli(["gateway", "--port", "0"], env);
  const line = await gateway.waitForLine(/listening on ws:\/\//, 15_000);
  const base = `http://127.0.0.1:${/:(\d+) \(PID/.exec(line)![1]}`;
  const agents = launchCli(["agents"], env);
  await agents.waitReady();
  const profile = mkdtempSync(join(tmpdir(), "clawfleet-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.addInitScript((token) => {
    localStorage.setItem("clawfleet.gatewayToken", token);
  }, UI_TOKEN);
  return {
    fake,
    gateway,
    agents,
    browser,
    page,
    base,
    dir,
    natsUrl: nats.url,
    async open(hash = "chat") {
      await page.goto(`${base}/#${hash}`);
      await page.locator('[data-testid="connection"]', { hasText: "connected" }).waitFor();
    },
    async say(text) {
      await page.getByLabel("message").fill(text);
      await page.getByLabel("message").press("Enter");
    },
    async stop() {
      await browser.close();
      await Promise.all([agents.stop(), gateway.stop()]);
      await fake.stop();
      await nats.dispose();
      rmSync(dir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
