import assert from "node:assert/strict";
import { test } from "node:test";
import { REDACTED, Redactor } from "./redactor.js";
import { capText, toLogValue } from "./serialize.js";

const log = (value: unknown) => toLogValue(value, new Redactor());

test("capText keeps text up to the limit and notes how much it cut", () => {
  assert.equal(capText("abcd", 4), "abcd");
  assert.equal(capText("abcdef", 4), "abcd… [2 more characters]");
});

test("strings are cut at 2048 characters, arrays at 50 items", () => {
  assert.equal(log("x".repeat(2048)), "x".repeat(2048));
  assert.equal(log("x".repeat(2050)), `${"x".repeat(2048)}… [2 more characters]`);
  const fifty = Array.from({ length: 50 }, (_, i) => i);
  assert.deepEqual(log(fifty), fifty);
  assert.deepEqual(log([...fifty, 50, 51]), [...fifty, "[2 more items]"]);
});

test("plain values pass through; bigints and bytes become text", () => {
  assert.equal(log(null), null);
  assert.equal(log(undefined), undefined);
  assert.equal(log(7), 7);
  assert.equal(log(false), false);
  assert.equal(log(12n), "12");
  assert.equal(log(new Uint8Array(3)), "<3 bytes>");
  assert.deepEqual(log({ n: 1, list: ["a", 2n] }), { n: 1, list: ["a", "2"] });
});

test("objects nested deeper than six levels are replaced by a marker", () => {
  const chain = (levels: number, leaf: unknown): unknown =>
    levels === 0 ? leaf : { a: chain(levels - 1, leaf) };
  assert.deepEqual(log(chain(6, 1)), chain(6, 1));
  assert.deepEqual(log(chain(7, 1)), chain(6, "[…]"));
  assert.deepEqual(log([[[[[[[1]]]]]]]), [[[[[["[…]"]]]]]]);
});

test("a secret-named field is masked when set and left as it is when empty", () => {
  assert.deepEqual(
    log({ token: "t0k", nested: { password: 12345 }, apiKey: "", secret: null, cookie: undefined }),
    {
      token: REDACTED,
      nested: { password: REDACTED },
      apiKey: "",
      secret: null,
      cookie: undefined,
    },
  );
});

test("errors keep name, message, code, status and a cause chain of bounded depth", () => {
  const error = Object.assign(new TypeError(`bad ${"y".repeat(3000)}`), {
    code: "E_BAD",
    status: 502,
    cause: { apiKey: "k", reason: "upstream" },
  });
  assert.deepEqual(log(error), {
    name: "TypeError",
    message: `bad ${"y".repeat(2044)}… [956 more characters]`,
    code: "E_BAD",
    status: 502,
    cause: { apiKey: REDACTED, reason: "upstream" },
  });
  assert.deepEqual(log(new Error("plain")), { name: "Error", message: "plain" });

  let chained: Error = new Error("e9");
  for (let i = 8; i >= 0; i--) chained = new Error(`e${i}`, { cause: chained });
  let depth = 0;
  for (let at = log(chained) as { cause?: unknown }; at.cause; depth++)
    at = at.cause as { cause?: unknown };
  assert.equal(depth, 6, "causes are followed six levels down");
});
