import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "./logger.js";
import { Redactor } from "./redactor.js";
import { withTrace } from "./trace-context.js";

/** The escape character that starts every ANSI colour code. */
const ESC = "\u001b";

function capture(format: "json" | "pretty", redactor = new Redactor(), colour?: boolean) {
  const lines: string[] = [];
  const log = createLogger(
    { service: "gateway", instance: "i1", level: "info", format, colour },
    { write: (l) => lines.push(l), redactor, bootTrace: "boot1" },
  );
  return { log, lines };
}

test("json lines carry service, instance, trace and the tagged message", () => {
  const { log, lines } = capture("json");
  log
    .child({ subsystem: "gateway" })
    .info("listening on ws://0.0.0.0:3000 (PID 7)", { port: 3000 });
  const record = JSON.parse(lines[0]!);
  assert.equal(record.service, "gateway");
  assert.equal(record.instance, "i1");
  assert.equal(record.trace, "boot1");
  assert.equal(record.msg, "[gateway] listening on ws://0.0.0.0:3000 (PID 7)");
  assert.equal(record.port, 3000);
});

test("the trace id of the surrounding work is on the line", () => {
  const { log, lines } = capture("json");
  withTrace("abc123", () => log.info("inside"));
  assert.equal(JSON.parse(lines[0]!).trace, "abc123");
});

test("pretty lines show the documented human text", () => {
  const { log, lines } = capture("pretty");
  log.child({ subsystem: "discord" }).info("logged in to discord as bot#1");
  assert.match(lines[0]!, /\[discord\] logged in to discord as bot#1/);
});

test("pretty info lines leave the trace id out, warn and error lines keep it", () => {
  const { log, lines } = capture("pretty");
  log.info("all good", { port: 3000 });
  log.warn("look at this");
  log.error("broken");
  assert.doesNotMatch(lines[0]!, /trace=/);
  assert.match(lines[0]!, /port=3000$/);
  assert.match(lines[1]!, /WARN .*trace=boot1/);
  assert.match(lines[2]!, /ERROR .*trace=boot1/);
});

test("pretty lines are coloured only when asked, and never JSON", () => {
  const plain = capture("pretty");
  plain.log.warn("careful", { n: 1 });
  assert.ok(!plain.lines[0]!.includes(ESC), "no escape codes unless asked");
  assert.throws(() => JSON.parse(plain.lines[0]!));
  const coloured = capture("pretty", new Redactor(), true);
  coloured.log.warn("careful", { n: 1 });
  coloured.log.info("fine");
  assert.ok(coloured.lines[0]!.includes(`${ESC}[33mWARN `), "warn in yellow");
  assert.match(coloured.lines[0]!, /careful/);
  assert.ok(coloured.lines[0]!.endsWith(`${ESC}[2mn=1 trace=boot1${ESC}[0m`), "extras dimmed");
  assert.ok(coloured.lines[1]!.includes(`${ESC}[32mINFO `), "info in green");
  assert.throws(() => JSON.parse(coloured.lines[0]!));
});

test("json lines are never coloured, even when colour is asked", () => {
  const { log, lines } = capture("json", new Redactor(), true);
  log.warn("careful");
  assert.ok(!lines[0]!.includes(ESC));
  assert.equal(JSON.parse(lines[0]!).trace, "boot1");
});

test("a token set in env never appears in output, wherever it is logged", () => {
  const redactor = new Redactor();
  const token = "s3cr3t-gateway-token-value";
  redactor.addFromEnv({ OPENCLAW_GATEWAY_TOKEN: token, PATH: "/usr/bin" });
  for (const format of ["json", "pretty"] as const) {
    const { log, lines } = capture(format, redactor);
    log.info(`connect with ${token}`, { url: `ws://x/?token=${token}`, nested: { deep: [token] } });
    log.error("failed", { error: new Error(`bad token ${token}`) });
    for (const line of lines) assert.ok(!line.includes(token), `leaked in ${format}: ${line}`);
    assert.ok(lines[0]!.includes("[redacted]"));
  }
});

test("fields named like secrets are masked even when the value is unknown", () => {
  const { log, lines } = capture("json");
  log.info("auth", {
    token: "short",
    apiKey: "abcdefghij",
    authorization: "Bearer x",
    user: "ann",
  });
  const record = JSON.parse(lines[0]!);
  assert.equal(record.token, "[redacted]");
  assert.equal(record.apiKey, "[redacted]");
  assert.equal(record.authorization, "[redacted]");
  assert.equal(record.user, "ann");
});

test("lines below the level are not written and sinks get redacted records", () => {
  const redactor = new Redactor();
  redactor.add("topsecretvalue");
  const { log, lines } = capture("json", redactor);
  const seen: string[] = [];
  log.addSink((record) => seen.push(record.msg));
  log.debug("hidden");
  log.warn("value topsecretvalue");
  assert.equal(lines.length, 1);
  assert.deepEqual(seen, ["value [redacted]"]);
});

test("a huge message or field is cut, so one log line stays small", () => {
  const { log, lines } = capture("json");
  const huge = "x".repeat(12_000_000);
  log.error(`rejected: ${huge}`, { raw: huge, list: Array.from({ length: 100_000 }, (_, i) => i) });
  assert.ok(lines[0]!.length < 20_000, `line of ${lines[0]!.length} characters`);
  const record = JSON.parse(lines[0]!);
  assert.match(record.msg, /more characters\]$/);
  assert.match(record.list.at(-1), /more items/);
});
