#!/usr/bin/env node
// Bundles the CLI into dist/ with esbuild: one minified ESM entry (dist/index.js) plus a chunk per
// lazily-imported service, built from the TypeScript sources. A bundle loads far less code than
// hundreds of node_modules files: ~25 MB less RSS per process once the platform SDKs are loaded.
// `--entry <file> --outdir <dir>` bundles another entry the same way (the bench's test hosts, so
// they are measured as the deployed CLI is).
import { build } from "esbuild";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;
const { values: args } = parseArgs({
  options: { entry: { type: "string" }, outdir: { type: "string" } },
});
if (Boolean(args.entry) !== Boolean(args.outdir))
  throw new Error("bundle.mjs: give both --entry and --outdir, or neither");
const entry = args.entry ? resolve(args.entry) : join(root, "src/index.ts");
const outdir = args.outdir ? resolve(args.outdir) : join(root, "dist");
mkdirSync(outdir, { recursive: true });
rmSync(join(outdir, "chunks"), { recursive: true, force: true });
for (const name of readdirSync(outdir, { withFileTypes: true }).filter((e) => e.isFile()))
  rmSync(join(outdir, name.name));

await build({
  entryPoints: [entry],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  // SDKs recognise some objects by constructor name (grammY, AbortSignal polyfills): keep names.
  keepNames: true,
  sourcemap: "linked",
  conditions: ["@clawfleet/source"],
  chunkNames: "chunks/[name]-[hash]",
  // Native or optional modules stay in node_modules (installed by `npm ci --omit=dev`).
  // grammY always gets our fetch; its unused node-fetch import would cost the channels process ~5 MB.
  // Bolt's index loads express (ExpressReceiver) though Socket Mode never uses it: ~1 MB of code and mime-db.
  alias: {
    "node-fetch": join(root, "scripts/bundle-stubs/node-fetch.mjs"),
    express: join(root, "scripts/bundle-stubs/express.mjs"),
  },
  external: [
    "@ngrok/ngrok",
    "zlib-sync",
    "bufferutil",
    "utf-8-validate",
    "erlpack",
    "@discordjs/opus",
    "ffmpeg-static",
  ],
  banner: {
    js: "import{createRequire as __cfRequire}from'node:module';const require=__cfRequire(import.meta.url);",
  },
  logLevel: "warning",
});
