import { fileURLToPath } from "node:url";
import { ChannelLogin, ChannelsStatus, type Bus } from "@clawfleet/bus";
import {
  bundleEntry,
  launchCli,
  WhatsAppFake,
  WhatsAppRelay,
  type LaunchedCli,
} from "@clawfleet/testkit";
import { heapUsedMb, rssMb, rssParts } from "./process-memory.js";
import { step } from "./progress.js";
import { atMost, info, type Measurement } from "./report.js";

// Baileys cannot reach a fake WhatsApp (it checks the server's certificate chain against
// WhatsApp's key), so the linked case runs the production channels service with its WhatsApp
// sockets relayed to testkit's WhatsAppFake — the relay host the failover test uses, bundled with
// scripts/bundle.mjs exactly as dist/ is (testkit's bundleEntry). A linked account imports Baileys' whole module (the auth
// store reads its creds and keys through Baileys' BufferJSON/proto), so what Baileys' code and the
// session's key store cost is measured; the state of Baileys' own socket (noise session, its caches,
// what WhatsApp syncs after connecting) is not.

const HOST = fileURLToPath(
  new URL("../../test/channels/support/whatsapp-relay-host.ts", import.meta.url),
);
const BOT = "15550100000";
const PEER = "15550002222";

async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The five-channel process with WhatsApp linked: a first process links the account by QR (the
 * fake phone scans it), then stops; a fresh process resumes the linked session from the creds on
 * the bus — a deploy's or restart's state — answers WhatsApp DMs, and its RSS is read after 30 s
 * idle. The host's unlinked idle RSS is measured first, to compare the host with the CLI.
 */
export async function measureLinkedWhatsApp(options: {
  bus: Bus;
  env: Record<string, string>;
  nodeArgs: string[];
}): Promise<Record<string, Measurement>> {
  const metrics: Record<string, Measurement> = {};
  const script = bundleEntry(HOST);
  const fake = new WhatsAppFake();
  const relay = new WhatsAppRelay(fake);
  await relay.start();
  const procs: LaunchedCli[] = [];
  const launch = async () => {
    const proc = launchCli([relay.url], options.env, { script, nodeArgs: options.nodeArgs });
    procs.push(proc);
    await proc.waitReady(20_000);
    return proc;
  };
  const allConnected = async (whatsappLinked: boolean) => {
    const { accounts } = await options.bus.request(ChannelsStatus, {}, {});
    const whatsapp = accounts.find((a) => a.channel === "whatsapp");
    const others = accounts.filter((a) => a.channel !== "whatsapp");
    const whatsappReady = whatsappLinked
      ? whatsapp?.connected
      : whatsapp?.holder && /not linked/.test(whatsapp.lastError ?? "");
    return others.length === 4 && others.every((a) => a.connected) && whatsappReady
      ? true
      : undefined;
  };
  try {
    const linking = await launch();
    await until(() => allConnected(false), 30_000);
    step("bundled relay host: five accounts up, WhatsApp unlinked; idle 30 s");
    await pause(30_000);
    metrics["relay host, WhatsApp unlinked: idle RSS after 30 s (same as the CLI above?)"] = info(
      rssMb(linking.child.pid!),
      "MB",
    );
    const login = { channel: "whatsapp", account: "default" };
    await until(async () => {
      const reply = await options.bus.request(ChannelLogin, login, { step: "start" });
      return reply.qr ? true : undefined;
    }, 30_000);
    await fake.scanQr(BOT);
    await until(() => allConnected(true), 30_000);
    await linking.stop("SIGTERM");

    step("linked; a fresh process resumes the session from the bus");
    const started = performance.now();
    const linked = await launch();
    await until(() => allConnected(true), 30_000);
    metrics["WhatsApp linked: start → five accounts connected"] = info(
      performance.now() - started,
      "ms",
    );
    const jid = `${PEER}@s.whatsapp.net`;
    const latencies: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const sentAt = performance.now();
      fake.dm(PEER, `ping ${i}`);
      await fake.waitForSent(jid, i, 20_000);
      latencies.push(performance.now() - sentAt);
    }
    metrics["WhatsApp DM → reply median of 5 (echo agent, relayed socket)"] = info(
      latencies.sort((a, b) => a - b)[2]!,
      "ms",
    );
    step("five WhatsApp DMs answered; idle 30 s");
    await pause(5000);
    metrics["WhatsApp linked: RSS after 5 s"] = info(rssMb(linked.child.pid!), "MB");
    await pause(25_000);
    metrics["idle RSS after 30 s (five channels, WhatsApp linked: Baileys loaded)"] = atMost(
      rssMb(linked.child.pid!),
      "MB",
      90,
    );
    const parts = rssParts(linked.child.pid!);
    metrics["WhatsApp linked: of which anonymous (heap, malloc, wasm)"] = info(parts.anonMb, "MB");
    metrics["WhatsApp linked: of which file-backed (node binary)"] = info(parts.fileMb, "MB");
    metrics["WhatsApp linked: V8 heap used"] = info(
      await heapUsedMb(await linked.healthPort()),
      "MB",
    );
    return metrics;
  } catch (error) {
    const last = procs.at(-1)?.lines.slice(-15).join("\n") ?? "";
    throw new Error(`${String(error)}; the relay host's last lines:\n${last}`, { cause: error });
  } finally {
    await Promise.all(procs.map((p) => p.stop("SIGKILL")));
    await relay.stop();
  }
}
