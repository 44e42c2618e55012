import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { errorMessage } from "@clawfleet/core";
import { spawnTied } from "@clawfleet/runtime";
import type { Tunnel } from "../ngrok/ngrok-tunnel.js";

const run = promisify(execFile);

/** HTTPS ports Tailscale Funnel accepts. */
export const FUNNEL_PORTS = [443, 8443, 10000] as const;

/** How long `tailscale funnel` may take to say it is serving. */
const START_TIMEOUT_MS = 15_000;

/** What a funnel to the voice listener needs. */
export interface FunnelOptions {
  /** Local port of the voice listener. */
  port: number;
  host: string;
  /** Public HTTPS port (443, 8443 or 10000). */
  httpsPort: number;
  /** Public path of the funnel (`tailscale.path`, else `serve.path`). */
  path: string;
  /** The listener's webhook path (`serve.path`) the public path is proxied to. */
  localPath: string;
  /** The `tailscale` executable (found on PATH by default). */
  command?: string;
}

/** The node's public name from `tailscale status --json` (`Self.DNSName`, trailing dot removed). */
export function funnelHost(statusJson: string): string {
  let status: { BackendState?: string; Self?: { DNSName?: string } };
  try {
    status = JSON.parse(statusJson) as typeof status;
  } catch (error) {
    throw new Error(`tailscale status --json did not print JSON: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  if (status.BackendState && status.BackendState !== "Running")
    throw new Error(
      `tailscale is ${status.BackendState}, not Running: log the node in (tailscale up) first`,
    );
  const name = status.Self?.DNSName?.replace(/\.$/, "");
  if (!name) throw new Error("tailscale status --json has no Self.DNSName (is MagicDNS on?)");
  return name;
}

/**
 * Exposes the voice listener on the public internet with `tailscale funnel` held in the
 * foreground and tied to this process (so the route goes away with it, kill -9 included) and returns
 * `https://<Self.DNSName>[:port]<path>` (the webhook URL) from `tailscale status --json`. Runs only when the config asks
 * for `tunnel.provider: "tailscale-funnel"`.
 */
export async function openTailscaleFunnel(options: FunnelOptions): Promise<Tunnel> {
  const command = options.command ?? "tailscale";
  if (!FUNNEL_PORTS.includes(options.httpsPort as (typeof FUNNEL_PORTS)[number]))
    throw new Error(
      `Tailscale Funnel serves HTTPS on 443, 8443 or 10000, not ${options.httpsPort}`,
    );
  let statusJson: string;
  try {
    statusJson = (await run(command, ["status", "--json"], { timeout: START_TIMEOUT_MS })).stdout;
  } catch (error) {
    throw new Error(
      `could not run \`${command} status --json\` (is Tailscale installed and tailscaled running?): ${errorMessage(error)}`,
      { cause: error },
    );
  }
  const host = funnelHost(statusJson);
  const local = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
  const target = `http://${local.includes(":") ? `[${local}]` : local}:${options.port}${options.localPath}`;
  // Tied to this process: a voice instance killed with -9 does not leave its route public.
  const child = spawnTied(
    command,
    ["funnel", `--https=${options.httpsPort}`, `--set-path=${options.path}`, target],
    { stdout: "pipe" },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(), START_TIMEOUT_MS);
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/https:\/\//.test(output)) done();
    };
    const onExit = (code: number | null) =>
      done(
        new Error(`tailscale funnel exited (${code ?? "signal"}): ${output.trim().slice(-300)}`),
      );
    const onError = (error: Error) => done(error);
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", onExit);
    child.on("error", onError);
  });
  const url = `https://${host}${options.httpsPort === 443 ? "" : `:${options.httpsPort}`}${options.path}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
