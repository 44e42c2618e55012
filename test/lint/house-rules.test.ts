// Plants one violation of each house rule in a file at a telling path and sees lint fail; the same
// code where the rule allows it passes, so a rule that always fires would fail here too.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ESLint } from "eslint";

const root = join(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

/** The messages of the house-rules lint rule for `code` as if it were the file at `path`. */
async function houseProblems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages
    .filter((m) => m.ruleId === "clawfleet/boundaries" || m.fatal)
    .map((m) => m.message);
}

const planted = [
  {
    rule: "a vendor SDK outside adapters/",
    code: 'import { Bot } from "grammy";\nexport const bot = Bot;\n',
    violation: "services/channels/src/domain/planted.ts",
    allowed: "services/channels/src/adapters/telegram/planted.ts",
    message: /vendor SDK "grammy"/,
  },
  {
    rule: "nats.js outside packages/bus",
    code: 'import type { NatsConnection } from "@nats-io/transport-node";\nexport type C = NatsConnection;\n',
    violation: "services/agents/src/turn/planted.ts",
    allowed: "packages/bus/src/core/planted.ts",
    message: /nats\.js/,
  },
  {
    rule: "a package importing a service",
    code: 'import { gatewayService } from "@clawfleet/gateway";\nexport const g = gatewayService;\n',
    violation: "packages/runtime/src/planted.ts",
    allowed: "src/cli/planted.ts",
    message: /packages never depend on services/,
  },
  {
    rule: "a deep import by package name",
    code: 'import { Bus } from "@clawfleet/bus/src/core/bus.js";\nexport const b = Bus;\n',
    violation: "services/gateway/src/planted.ts",
    allowed: null,
    message: /deep import "@clawfleet\/bus\/src\/core\/bus\.js"/,
  },
  {
    rule: "a deep relative import into another workspace",
    code: 'import { Bus } from "../../../packages/bus/src/core/bus.js";\nexport const b = Bus;\n',
    violation: "services/gateway/src/planted.ts",
    allowed: "packages/bus/src/planted.ts",
    message: /reaches into packages\/bus/,
  },
  {
    rule: "a test-only entry imported by production code",
    code: 'import { freePort } from "@clawfleet/bus/testing";\nexport const f = freePort;\n',
    violation: "services/agents/src/planted.ts",
    allowed: "test/planted.test.ts",
    message: /for tests only/,
  },
  {
    rule: "process.env outside a composition root",
    code: "export const port = process.env.PORT;\n",
    violation: "packages/runtime/src/host/planted.ts",
    allowed: "services/voice/src/main.ts",
    message: /process\.env read outside a composition root/,
  },
];

describe("house rules (eslint clawfleet/boundaries)", () => {
  for (const plant of planted) {
    it(`fails on ${plant.rule}`, async () => {
      const problems = await houseProblems(plant.violation, plant.code);
      assert.equal(problems.length, 1, `one problem expected, got ${JSON.stringify(problems)}`);
      assert.match(problems[0]!, plant.message);
      if (plant.allowed)
        assert.deepEqual(await houseProblems(plant.allowed, plant.code), [], "allowed there");
    });
  }
});

describe("errors (no-restricted-syntax)", () => {
  it("fails on reading .message through an `as Error` cast, not on errorMessage()", async () => {
    const lint = async (code: string) => {
      const [result] = await eslint.lintText(code, {
        filePath: join(root, "services/agents/src/planted.ts"),
      });
      return result!.messages
        .filter((m) => m.ruleId === "no-restricted-syntax")
        .map((m) => m.message);
    };
    const cast = await lint("export const f = (e: unknown) => (e as Error).message;\n");
    assert.equal(cast.length, 1, JSON.stringify(cast));
    assert.match(cast[0]!, /errorMessage\(error\)/);
    const helper = await lint(
      'import { errorMessage } from "@clawfleet/core";\nexport const f = (e: unknown) => errorMessage(e);\n',
    );
    assert.deepEqual(helper, []);
  });
});
