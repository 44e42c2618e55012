import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  connectBus,
  plannedStreamNames,
  provisionPlan,
  streamPlacements,
  Streams,
  type Bus,
} from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  AnthropicFake,
  launchCli,
  startNatsCluster,
  TelegramFake,
  tgUser,
  type LaunchedCli,
  type NatsClusterNode,
  type NatsTestCluster,
  type TelegramFakeBot,
} from "@clawfleet/testkit";

// Issue 11's "Done when" on a local 3-node cluster: built `channels` and `agents` processes given
// all three URLs, a steady flow of Telegram DMs, kill -9 of the node leading INBOX, then of the one
// leading TURNS; every DM answered exactly once and in order, replies resume, each node catches up.
// The time to resume is measured by `npm run bench -- cluster`, not asserted here.
const TOKEN = "7300:cluster-telegram-token";
const SEND_EVERY_MS = 400;
const RESUME_WITHIN_MS = 60_000;

describe("Telegram DMs through channels → agents on a 3-node cluster", { timeout: 240_000 }, () => {
  let cluster: NatsTestCluster;
  let bus: Bus;
  let bot: TelegramFakeBot;
  let env: Record<string, string>;
  const telegram = new TelegramFake();
  const llm = new AnthropicFake();
  const procs: LaunchedCli[] = [];
  const alice = tgUser(701, "Alice", "alice");
  let sent = 0;
  let sending: ReturnType<typeof setInterval> | undefined;

  /** Reply numbers in arrival order, parsed from `echo: … dm-0007 …`. */
  const answered = () =>
    bot.sentMessages(alice.id).map((m) => Number(/dm-(\d{4})/.exec(m.text ?? "")?.[1] ?? -1));

  async function until(check: () => Promise<boolean> | boolean, ms: number, what: string) {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function leaderOf(stream: string): Promise<NatsClusterNode> {
    let name: string | undefined;
    await until(
      async () => {
        name = (await streamPlacements(bus, [stream]))[0]?.leader;
        return name !== undefined;
      },
      30_000,
      `${stream} has a leader`,
    );
    const node = cluster.nodes.find((n) => n.name === name);
    assert.ok(node, `${stream}'s leader ${name} is one of the nodes`);
    return node;
  }

  /** Kills `node`, waits for a reply to a DM sent after the kill, restarts it and waits until it is current. */
  async function killAndRecover(node: NatsClusterNode): Promise<void> {
    await node.kill();
    const firstAfter = sent;
    await until(
      () => answered().some((n) => n >= firstAfter),
      RESUME_WITHIN_MS,
      `a reply to a DM sent after ${node.name} was killed`,
    );
    await node.restart();
    await node.waitUntilCurrent(60_000);
    await until(
      async () =>
        (await streamPlacements(bus, [Streams.Inbox.name, Streams.Turns.name])).every((p) =>
          p.peers.some((peer) => peer.name === node.name && peer.current),
        ),
      60_000,
      `${node.name} current on INBOX and TURNS`,
    );
  }

  before(async () => {
    cluster = await startNatsCluster();
    await telegram.start();
    bot = telegram.addBot({ token: TOKEN, username: "claw_cluster_bot" });
    const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-cluster-e2e-"));
    writeFileSync(
      join(stateDir, "openclaw.json"),
      JSON.stringify({
        agents: { defaults: { model: "anthropic/claude-sonnet-4-6", typingMode: "never" } },
        messages: { queue: { mode: "followup" } },
        channels: {
          telegram: {
            dmPolicy: "allowlist",
            allowFrom: [String(alice.id)],
            apiRoot: telegram.apiRoot,
          },
        },
      }),
    );
    env = {
      NATS_URL: cluster.url,
      OPENCLAW_STATE_DIR: stateDir,
      TELEGRAM_BOT_TOKEN: TOKEN,
      ANTHROPIC_API_KEY: "sk-ant-test-key",
      ANTHROPIC_BASE_URL: await llm.start(),
    };
    procs.push(launchCli(["agents"], env), launchCli(["channels"], env));
    await Promise.all(procs.map((p) => p.waitReady(60_000)));
    bus = await connectBus({ servers: cluster.url, name: "cluster-e2e", logger: silentLogger });
    await bot.updates.waitForPoll(30_000);
  });

  after(async () => {
    if (sending) clearInterval(sending);
    await Promise.all(procs.map((p) => p.stop("SIGKILL")));
    await bus?.close();
    await telegram.stop();
    await llm.stop();
    await cluster?.dispose();
  });

  it("streams and buckets are R3 with a leader", async () => {
    for (const p of await streamPlacements(bus, plannedStreamNames(provisionPlan))) {
      assert.equal(p.replicas, 3, `${p.name} is R3`);
      assert.ok(p.leader, `${p.name} has a leader`);
    }
  });

  it("kill -9 of the INBOX leader, then of the TURNS leader: every DM answered once, in order", async () => {
    sending = setInterval(() => {
      bot.injectPrivateMessage(alice, `dm-${String(sent).padStart(4, "0")}`);
      sent++;
    }, SEND_EVERY_MS);
    await until(() => answered().length >= 3, 60_000, "replies flow before any kill");
    await killAndRecover(await leaderOf(Streams.Inbox.name));
    await killAndRecover(await leaderOf(Streams.Turns.name));
    clearInterval(sending);
    sending = undefined;
    const total = sent;
    await until(
      () => answered().length >= total,
      60_000,
      `all ${total} DMs answered (have ${answered().length})`,
    );
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(
      answered(),
      Array.from({ length: total }, (_, i) => i),
      "each DM answered exactly once, in the order sent",
    );
  });

  it("restarting a service leaves R3 streams R3", async () => {
    const agents = procs.shift()!;
    await agents.stop();
    const again = launchCli(["agents"], env);
    procs.push(again);
    await again.waitReady(60_000);
    for (const p of await streamPlacements(bus, plannedStreamNames(provisionPlan)))
      assert.equal(p.replicas, 3, `${p.name} still R3`);
  });
});
