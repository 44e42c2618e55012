import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A Fly app config, as far as the checks read it. */
export interface FlyConfig {
  app: string;
  kill_signal?: string;
  kill_timeout?: string;
  env?: Record<string, string>;
  processes: Record<string, string>;
  http_service?: {
    internal_port: number;
    processes?: string[];
    checks?: { path: string; headers?: Record<string, string> }[];
  };
  services?: { processes?: string[] }[];
  checks?: Record<string, { type: string; port: number; path: string; processes?: string[] }>;
  mounts?:
    | { source: string; destination: string; initial_size?: string; processes?: string[] }[]
    | { source: string; destination: string; initial_size?: string; processes?: string[] };
  vm?: { memory: string; processes?: string[] }[];
  restart?: { policy: string; processes?: string[] }[];
}

/** Reads and parses a fly config with a real TOML parser. */
export function readFly(file: string): FlyConfig {
  return parseToml(readFileSync(join(ROOT, file), "utf8")) as unknown as FlyConfig;
}

/** A compose service, as far as the checks read it. */
export interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  container_name?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  stop_grace_period?: string;
}

/** Reads and parses docker-compose.yml with a real YAML parser (merge keys on, as compose does). */
export function readCompose(): {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
} {
  return parseYaml(readFileSync(join(ROOT, "docker-compose.yml"), "utf8"), { merge: true });
}

/** Splits a process command the way Fly does (whitespace; no quoting is used in our commands). */
export function splitCommand(command: string): string[] {
  return command.trim().split(/\s+/);
}

/** Splits `node [node flags] dist/index.js args…` into its parts; undefined when it is not a node command. */
export function nodeInvocation(
  argv: string[],
): { nodeFlags: string[]; script: string; args: string[] } | undefined {
  if (argv[0] !== "node") return undefined;
  const scriptAt = argv.findIndex((a, i) => i > 0 && !a.startsWith("-"));
  return {
    nodeFlags: argv.slice(1, scriptAt),
    script: argv[scriptAt]!,
    args: argv.slice(scriptAt + 1),
  };
}

/** Megabytes in a Fly memory string such as `256mb` or `1gb`. */
export function memoryMb(value: string): number {
  const match = /^(\d+)\s*(mb|gb)$/i.exec(value.trim());
  if (!match) throw new Error(`unreadable memory size: ${value}`);
  return Number(match[1]) * (match[2]!.toLowerCase() === "gb" ? 1024 : 1);
}
