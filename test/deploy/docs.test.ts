import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { renderConfigDocs } from "../../scripts/config-docs.js";
import { ROOT } from "./deploy-files.js";

test("docs/configuration.md matches the config schema and env table (run `npm run docs` after changing them)", () => {
  assert.equal(readFileSync(join(ROOT, "docs/configuration.md"), "utf8"), renderConfigDocs());
});

test("the docs the README points to exist and cover deploy and operations", () => {
  for (const doc of [
    "docs/architecture.md",
    "docs/configuration.md",
    "docs/deploy-fly.md",
    "docs/operations.md",
  ]) {
    assert.ok(readFileSync(join(ROOT, doc), "utf8").length > 500, doc);
  }
  const deploy = readFileSync(join(ROOT, "docs/deploy-fly.md"), "utf8");
  for (const phrase of [
    "fly scale count agents=3",
    "fly deploy",
    "OPENCLAW_GATEWAY_TOKEN",
    "NATS_TOKEN",
    "gateway.*.lock",
    "fly.private.toml",
    "fly proxy",
    "fly.one-machine.toml",
    "fly scale count nats=3",
    "NATS_ROUTE_PASSWORD",
  ]) {
    assert.ok(deploy.includes(phrase), `deploy-fly.md mentions ${phrase}`);
  }
});
