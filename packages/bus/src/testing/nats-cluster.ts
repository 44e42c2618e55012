import { errorMessage } from "@clawfleet/core";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { freePort } from "./free-port.js";
import { findNatsServerBinary, NatsUnavailableError } from "./nats-server.js";

/** One node of a {@link NatsTestCluster}. */
export interface NatsClusterNode {
  /** Its unique `server_name`, `n0`, `n1`, … */
  readonly name: string;
  /** Its client URL on loopback. */
  readonly url: string;
  /** Its HTTP monitoring base URL (`/healthz`, `/jsz`). */
  readonly monitorUrl: string;
  /** Whether its process runs. */
  readonly running: boolean;
  /** Process id while it runs. */
  readonly pid: number | undefined;
  /** Kills it with SIGKILL, like a crash. */
  kill(): Promise<void>;
  /** Stops it gracefully (SIGTERM). */
  stop(): Promise<void>;
  /** Starts it again on the same ports with the same store; resolves once JetStream is on. */
  restart(): Promise<void>;
  /** Resolves once its `/healthz` says every stream it holds has caught up. */
  waitUntilCurrent(timeoutMs?: number): Promise<void>;
}

/** A local JetStream cluster on loopback: one process per node, explicit routes, one store each. */
export interface NatsTestCluster {
  readonly nodes: readonly NatsClusterNode[];
  /** Every node's client URL, comma-separated (what `NATS_URL` takes). */
  readonly url: string;
  /** The cluster's name (`cluster.name` of every node). */
  readonly name: string;
  /** Resolves once JetStream has a metadata leader (after a start, restart or a node's loss). */
  waitForMetaLeader(timeoutMs?: number): Promise<string>;
  /** The node currently JetStream's metadata leader, if any answers. */
  metaLeader(): Promise<string | undefined>;
  /**
   * Resolves once the running nodes form one cluster that can place streams: every one names the
   * same metadata leader, the leader sees every other running node as current, and a probe stream
   * with a replica on each running node (at most 3) is created and deleted. Streams provisioned
   * earlier fail with "no suitable peers for placement" on a loaded machine.
   */
  waitUntilFormed(timeoutMs?: number): Promise<void>;
  /** Kills every node and deletes their stores. */
  dispose(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;
/** How long a (re)started cluster may take to form: generous, a loaded 2-core machine is slow. */
const FORM_TIMEOUT_MS = 60_000;
/** How many sets of ports a start tries when one was taken between finding it free and binding it. */
const PORT_ATTEMPTS = 3;

/**
 * Starts `size` nats-server processes (default 3) forming one JetStream cluster on loopback:
 * random ports, a unique `server_name` each, routes to every node (2.9 knows no `sync_interval`); resolves
 * once the cluster is formed (see {@link NatsTestCluster.waitUntilFormed}). Needs a local nats-server binary (PATH or `NATS_SERVER_BIN`).
 */
export async function startNatsCluster(
  env: Record<string, string | undefined> = process.env,
  options: { size?: number; name?: string } = {},
): Promise<NatsTestCluster> {
  const binary = env.NATS_SERVER_BIN ?? findNatsServerBinary(env.PATH ?? "");
  if (!binary) throw new NatsUnavailableError("a test cluster needs a local nats-server binary");
  const size = options.size ?? 3;
  const name = options.name ?? "clawfleet-test";
  // A port found free can be taken by another process before the node binds it: start again on new ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchCluster(binary, size, name);
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS || !errorMessage(error).includes("address already in use"))
        throw error;
    }
  }
}

/** `count` distinct ports that nothing listens on right now. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function launchCluster(binary: string, size: number, name: string): Promise<NatsTestCluster> {
  const dir = mkdtempSync(join(tmpdir(), "clawfleet-nats-cluster-"));
  const free = await distinctFreePorts(size * 3);
  const ports = Array.from({ length: size }, (_, i) => ({
    client: free[i * 3]!,
    monitor: free[i * 3 + 1]!,
    route: free[i * 3 + 2]!,
  }));
  const routes = ports.map((p) => `nats-route://127.0.0.1:${p.route}`);
  const nodes = ports.map((p, i) => {
    const conf = join(dir, `n${i}.conf`);
    writeFileSync(
      conf,
      [
        `server_name: n${i}`,
        `listen: 127.0.0.1:${p.client}`,
        `http: 127.0.0.1:${p.monitor}`,
        `jetstream { store_dir: "${join(dir, `n${i}`)}" }`,
        `cluster { name: ${name}, listen: 127.0.0.1:${p.route}, routes: [${routes.join(", ")}] }`,
        "",
      ].join("\n"),
    );
    return new ClusterNode(binary, `n${i}`, conf, p.client, p.monitor);
  });
  const cluster = new LocalCluster(nodes, name, dir);
  try {
    await Promise.all(nodes.map((node) => node.restart()));
    await cluster.waitUntilFormed(FORM_TIMEOUT_MS);
  } catch (error) {
    await cluster.dispose();
    throw error;
  }
  return cluster;
}

class LocalCluster implements NatsTestCluster {
  constructor(
    readonly nodes: readonly ClusterNode[],
    readonly name: string,
    private readonly dir: string,
  ) {}

  get url(): string {
    return this.nodes.map((n) => n.url).join(",");
  }

  async metaLeader(): Promise<string | undefined> {
    for (const node of this.nodes) {
      if (!node.running) continue;
      const jsz = await fetchJson(`${node.monitorUrl}/jsz`);
      const leader = (jsz?.meta_cluster as { leader?: string } | undefined)?.leader;
      if (leader) return leader;
    }
    return undefined;
  }

  async waitForMetaLeader(timeoutMs = START_TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leader = await this.metaLeader();
      if (leader) return leader;
      if (Date.now() > deadline)
        throw new Error(`the test cluster elected no JetStream metadata leader in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async waitUntilFormed(timeoutMs = FORM_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = "no node answered";
    for (;;) {
      const state = await this.#formation();
      if (state === "formed") {
        const probed = await this.#probePlacement();
        if (probed === "placed") return;
        last = probed;
      } else last = state;
      if (Date.now() > deadline)
        throw new Error(`the test cluster did not form within ${timeoutMs} ms: ${last}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** "formed", or what is still missing. */
  async #formation(): Promise<string> {
    const running = this.nodes.filter((n) => n.running);
    if (running.length === 0) return "no node runs";
    const views = await Promise.all(running.map((n) => fetchJson(`${n.monitorUrl}/jsz`)));
    const leaders = new Set(
      views.map((jsz) => (jsz?.meta_cluster as { leader?: string } | undefined)?.leader),
    );
    if (leaders.size !== 1 || leaders.has(undefined))
      return `nodes disagree on the metadata leader (${[...leaders].join(", ")})`;
    const leader = [...leaders][0]!;
    const leaderAt = running.findIndex((n) => n.name === leader);
    if (leaderAt < 0) return `the metadata leader ${leader} is not a running node`;
    const replicas =
      (views[leaderAt]?.meta_cluster as { replicas?: { name: string; current?: boolean }[] })
        ?.replicas ?? [];
    for (const node of running) {
      if (node.name === leader) continue;
      const seen = replicas.find((r) => r.name === node.name);
      if (!seen?.current) return `the metadata leader ${leader} does not see ${node.name} current`;
    }
    return "formed";
  }

  /** "placed" once a probe stream with one replica per running node (≤ 3) can be created. */
  async #probePlacement(): Promise<string> {
    const running = this.nodes.filter((n) => n.running);
    const replicas = Math.min(3, running.length);
    let nc;
    try {
      nc = await connect({ servers: running.map((n) => n.url), timeout: 2000, reconnect: false });
      const jsm = await jetstreamManager(nc, { timeout: 5000 });
      const name = `FORMATION_PROBE_${process.pid}_${Date.now()}`;
      await jsm.streams.add({
        name,
        subjects: [`formation-probe.${name}`],
        num_replicas: replicas,
      });
      await jsm.streams.delete(name);
      return "placed";
    } catch (error) {
      return `an R${replicas} probe stream could not be placed: ${errorMessage(error)}`;
    } finally {
      await nc?.close().catch(() => {});
    }
  }

  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function fetchJson(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

class ClusterNode implements NatsClusterNode {
  #child: ChildProcess | undefined;

  constructor(
    private readonly binary: string,
    readonly name: string,
    private readonly conf: string,
    private readonly port: number,
    private readonly monitorPort: number,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get monitorUrl(): string {
    return `http://127.0.0.1:${this.monitorPort}`;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async restart(): Promise<void> {
    if (this.#child) throw new Error(`${this.name} is already running`);
    const child = spawn(this.binary, ["-c", this.conf], { stdio: ["ignore", "ignore", "pipe"] });
    this.#child = child;
    let output = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      if (output.length < 20_000) output += chunk.toString();
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await fetchJson(`${this.monitorUrl}/healthz?js-enabled-only=true`))) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`nats-server ${this.name} exited before it was ready:\n${output}`);
      if (Date.now() > deadline)
        throw new Error(`nats-server ${this.name} did not answer within ${START_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async waitUntilCurrent(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await fetchJson(`${this.monitorUrl}/healthz`))) {
      if (Date.now() > deadline)
        throw new Error(`nats-server ${this.name} did not catch up within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    await this.#signal("SIGTERM");
  }

  async kill(): Promise<void> {
    await this.#signal("SIGKILL");
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    await exited;
  }
}
