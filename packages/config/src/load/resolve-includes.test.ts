import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ConfigLoadResult } from "./config-result.js";
import { parseConfigText } from "./parse-config-text.js";
import { MAX_INCLUDE_DEPTH } from "./resolve-includes.js";

// An in-memory file system: absolute path → text.
function parseWith(
  files: Record<string, string>,
  root = "/cfg/openclaw.json",
  env: Record<string, string> = {},
): ConfigLoadResult {
  const readFile = (p: string): string => {
    const text = files[p];
    if (text === undefined)
      throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: "ENOENT" });
    return text;
  };
  return parseConfigText(readFile(root), {
    file: root,
    env: { TOKEN: "secret", ...env },
    readFile,
    realPath: (p) => p,
  });
}

describe("$include", () => {
  it("deep-merges included files under the including object's own keys; arrays are replaced", () => {
    const result = parseWith({
      "/cfg/openclaw.json":
        '{ $include: "./parts/base.json5", gateway: { port: 4000 }, session: { resetTriggers: ["/fresh"] } }',
      "/cfg/parts/base.json5":
        '{ gateway: { port: 3000, bind: "lan" }, session: { resetTriggers: ["/new", "/reset"], dmScope: "per-peer" } }',
    });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
    assert.equal(result.config.gateway.port, 4000);
    assert.equal(result.config.gateway.bind, "lan");
    assert.deepEqual(result.config.session.resetTriggers, ["/fresh"]);
    assert.equal(result.config.session.dmScope, "per-peer");
    assert.deepEqual(result.source, {
      $include: "./parts/base.json5",
      gateway: { port: 4000 },
      session: { resetTriggers: ["/fresh"] },
    });
  });

  it("merges an array of files in order, resolves nested includes relative to their file, substitutes env after", () => {
    const result = parseWith({
      "/cfg/openclaw.json": '{ channels: { $include: ["discord.json5", "telegram.json5"] } }',
      "/cfg/discord.json5":
        '{ discord: { $include: "sub/discord-guilds.json5", token: "${TOKEN}" } }',
      "/cfg/sub/discord-guilds.json5": "{ guilds: { G: { requireMention: true } } }",
      "/cfg/telegram.json5": '{ telegram: { botToken: "t" }, discord: { dmPolicy: "open" } }',
    });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
    const discord = result.config.channels.discord;
    assert.equal(discord?.token, "secret");
    assert.equal(discord?.dmPolicy, "open");
    assert.deepEqual(discord?.guilds, { G: { requireMention: true } });
    assert.equal(result.config.channels.telegram?.botToken, "t");
  });

  it("lets an object without other keys become whatever the file holds", () => {
    const result = parseWith({
      "/cfg/openclaw.json": '{ bindings: { $include: "bindings.json5" } }',
      "/cfg/bindings.json5": '[{ agentId: "main", match: { channel: "telegram" } }]',
    });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
    assert.equal(result.config.bindings[0]?.match.channel, "telegram");
  });

  it("reports a cycle with the whole chain", () => {
    const result = parseWith({
      "/cfg/openclaw.json": '{ $include: "a.json5" }',
      "/cfg/a.json5": '{ agents: { $include: "b.json5" } }',
      "/cfg/b.json5": '{ $include: "openclaw.json" }',
    });
    assert.equal(result.ok, false);
    const errors = result.ok ? [] : result.errors;
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.path, "agents.$include");
    assert.match(
      errors[0]?.message ?? "",
      /^include cycle: openclaw\.json -> a\.json5 -> b\.json5 -> openclaw\.json$/,
    );
  });

  it(`allows ${MAX_INCLUDE_DEPTH} levels and refuses one more`, () => {
    const chain = (levels: number): Record<string, string> => {
      const files: Record<string, string> = { "/cfg/openclaw.json": '{ $include: "f1.json5" }' };
      for (let i = 1; i <= levels; i++)
        files[`/cfg/f${i}.json5`] =
          i < levels ? `{ $include: "f${i + 1}.json5" }` : "{ gateway: { port: 1234 } }";
      return files;
    };
    const deepest = parseWith(chain(MAX_INCLUDE_DEPTH));
    assert.ok(deepest.ok, deepest.ok ? "" : JSON.stringify(deepest.errors));
    assert.equal(deepest.config.gateway.port, 1234);
    const tooDeep = parseWith(chain(MAX_INCLUDE_DEPTH + 1));
    assert.equal(tooDeep.ok, false);
    assert.match(
      tooDeep.ok ? "" : (tooDeep.errors[0]?.message ?? ""),
      /nested more than 10 deep: openclaw\.json -> f1\.json5 -> .* -> f11\.json5/,
    );
  });

  it("names a missing or broken included file", () => {
    const missing = parseWith({ "/cfg/openclaw.json": '{ agents: { $include: "agents.json5" } }' });
    assert.deepEqual(missing.ok ? [] : missing.errors, [
      {
        path: "agents.$include",
        message: "cannot read included file agents.json5: file not found",
      },
    ]);
    const broken = parseWith({
      "/cfg/openclaw.json": '{ $include: ["ok.json5", "bad.json5"] }',
      "/cfg/ok.json5": "{}",
      "/cfg/bad.json5": "{\n  x: ]\n}",
    });
    assert.equal(broken.ok ? "" : broken.errors[0]?.path, "$include[1]");
    assert.match(broken.ok ? "" : (broken.errors[0]?.message ?? ""), /bad\.json5:2:6/);
  });

  it("rejects a $include that is not a file name or that cannot merge", () => {
    const wrongType = parseWith({ "/cfg/openclaw.json": "{ $include: 5 }" });
    assert.deepEqual(wrongType.ok ? [] : wrongType.errors, [
      { path: "$include", message: "expected a file name or a non-empty array of file names" },
    ]);
    const notObject = parseWith({
      "/cfg/openclaw.json": '{ gateway: { $include: "g.json5", port: 1 } }',
      "/cfg/g.json5": "[1]",
    });
    assert.match(
      notObject.ok ? "" : (notObject.errors[0]?.message ?? ""),
      /g\.json5 must contain an object/,
    );
  });

  it("refuses files outside the config's folder by name and rule, without reading them", () => {
    const secret = "root:x:0:0:root:/root:/bin/bash";
    for (const name of ["/etc/passwd", "../etc/passwd", "parts/../../etc/passwd"]) {
      const result = parseWith({
        "/cfg/openclaw.json": `{ agents: { $include: ${JSON.stringify(name)} } }`,
        "/etc/passwd": secret,
      });
      assert.deepEqual(result.ok ? [] : result.errors, [
        {
          path: "agents.$include",
          message:
            "/etc/passwd is outside the config's folder: includes must stay under /cfg (more folders: OPENCLAW_INCLUDE_ROOTS)",
        },
      ]);
    }
    const nested = parseWith({
      "/cfg/openclaw.json": '{ $include: "a.json5" }',
      "/cfg/a.json5": '{ $include: "/cfgx/b.json5" }',
      "/cfgx/b.json5": "{ gateway: { port: 1 } }",
    });
    assert.match(
      nested.ok ? "" : (nested.errors[0]?.message ?? ""),
      /^\/cfgx\/b\.json5 is outside .* \(in a\.json5\)$/,
    );
  });

  it("reads folders listed in OPENCLAW_INCLUDE_ROOTS too", () => {
    const files = {
      "/cfg/openclaw.json": '{ $include: ["/shared/base.json5", "/home/u/more/m.json5"] }',
      "/shared/base.json5": "{ gateway: { port: 4321 } }",
      "/home/u/more/m.json5": '{ session: { dmScope: "per-peer" } }',
    };
    const allowed = parseWith(files, "/cfg/openclaw.json", {
      OPENCLAW_INCLUDE_ROOTS: "/shared:~/more",
      HOME: "/home/u",
    });
    assert.ok(allowed.ok, allowed.ok ? "" : JSON.stringify(allowed.errors));
    assert.equal(allowed.config.gateway.port, 4321);
    assert.equal(allowed.config.session.dmScope, "per-peer");
    const partly = parseWith(files, "/cfg/openclaw.json", { OPENCLAW_INCLUDE_ROOTS: "/shared" });
    assert.match(
      partly.ok ? "" : (partly.errors[0]?.message ?? ""),
      /more\/m\.json5 is outside the config's folder: includes must stay under \/cfg or \/shared$/,
    );
  });

  it("refuses a link inside the folder that points out of it (real disk)", () => {
    const base = mkdtempSync(join(tmpdir(), "include-roots-"));
    const cfg = join(base, "cfg");
    mkdirSync(cfg);
    writeFileSync(join(base, "secret.json5"), '{ gateway: { auth: { token: "hunter2" } } }');
    writeFileSync(join(cfg, "inside.json5"), "{ gateway: { port: 7 } }");
    symlinkSync(join(base, "secret.json5"), join(cfg, "link.json5"));
    symlinkSync(join(cfg, "inside.json5"), join(cfg, "ok-link.json5"));
    const file = join(cfg, "openclaw.json");
    const refused = parseConfigText('{ $include: "link.json5" }', { file, env: {} });
    assert.deepEqual(refused.ok ? [] : refused.errors, [
      {
        path: "$include",
        message: `${join(cfg, "link.json5")} is a link to a file outside the config's folder: includes must stay under ${cfg} (more folders: OPENCLAW_INCLUDE_ROOTS)`,
      },
    ]);
    assert.doesNotMatch(JSON.stringify(refused), /hunter2/);
    const linkedInside = parseConfigText('{ $include: "ok-link.json5" }', { file, env: {} });
    assert.ok(linkedInside.ok, linkedInside.ok ? "" : JSON.stringify(linkedInside.errors));
    assert.equal(linkedInside.config.gateway.port, 7);
  });
});
