import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AnthropicFake,
  launchCli,
  startNatsServer,
  TelegramFake,
  type LaunchedCli,
  type NatsTestServer,
  type TelegramFakeBot,
} from "@clawfleet/testkit";

/** The gateway token of the compat stack. */
export const COMPAT_TOKEN = "compat-token-5d1e7a93c2b8";
/** The Telegram bot token the stack's channels service uses against the fake. */
const TELEGRAM_TOKEN = "7200:compat-telegram-token";

/** A started clawfleet (`all` in one process) with a fake Telegram and a fake Anthropic. */
export interface CompatStack {
  url: string;
  port: number;
  proc: LaunchedCli;
  bot: TelegramFakeBot;
  llm: AnthropicFake;
  nats: NatsTestServer;
  stop(): Promise<void>;
}

/** Starts NATS, the fakes and `clawfleet all` with a gateway on a free port; `models` adds `agents.defaults.models`. */
export async function startCompatStack(
  options: { models?: Record<string, object> } = {},
): Promise<CompatStack> {
  const nats = await startNatsServer();
  const telegram = new TelegramFake();
  await telegram.start();
  const bot = telegram.addBot({ token: TELEGRAM_TOKEN, username: "claw_compat_bot" });
  const llm = new AnthropicFake({ chunkDelayMs: 20 });
  const llmUrl = await llm.start();
  const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-compat-"));
  writeFileSync(
    join(stateDir, "openclaw.json"),
    JSON.stringify({
      agents: {
        defaults: {
          model: "anthropic/claude-sonnet-4-5",
          ...(options.models ? { models: options.models } : {}),
        },
      },
      channels: {
        telegram: { dmPolicy: "allowlist", allowFrom: ["4243", "4244"], apiRoot: telegram.apiRoot },
      },
    }),
  );
  const proc = launchCli(["all", "--port", "0"], {
    NATS_URL: nats.url,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_GATEWAY_TOKEN: COMPAT_TOKEN,
    TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
    ANTHROPIC_API_KEY: "sk-ant-compat",
    ANTHROPIC_BASE_URL: llmUrl,
  });
  const line = await proc.waitForLine(/listening on ws:\/\//, 60_000);
  const port = Number(/:(\d+) \(PID \d+\)/.exec(line)![1]);
  await proc.waitReady(60_000);
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    proc,
    bot,
    llm,
    nats,
    async stop() {
      await proc.stop();
      await telegram.stop();
      await llm.stop();
      await nats.dispose();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
