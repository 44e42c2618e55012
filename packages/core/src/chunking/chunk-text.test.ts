import assert from "node:assert/strict";
import { test } from "node:test";
import { CoreError } from "../errors.js";
import { chunkText, DEFAULT_CHUNK_LIMITS } from "./chunk-text.js";
import { findFenceSpans } from "./fence-spans.js";

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/;

/** Words of a text with fence marker lines removed, to compare content across chunkings. */
function words(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => !FENCE_LINE.test(line))
    .join(" ")
    .split(/\s+/)
    .filter(Boolean);
}

function assertWellFormed(chunks: string[], original: string, limit: number): void {
  for (const chunk of chunks) {
    assert.ok(chunk.length <= limit, `chunk of ${chunk.length} > ${limit}`);
    assert.ok(chunk.trim().length > 0, "empty chunk");
    assert.ok(
      findFenceSpans(chunk).every((span) => span.closed),
      `unbalanced fence in chunk:\n${chunk}`,
    );
  }
  assert.deepEqual(words(chunks.join("\n")), words(original));
}

function codeBlock(lines: number, lang = "ts"): string {
  const body = Array.from(
    { length: lines },
    (_, i) => `  const value${i} = compute(${i}); // step ${i}`,
  );
  return ["```" + lang, ...body, "```"].join("\n");
}

/** The 5,000-character reply: prose, a long fenced block, more prose. */
function longReply(): string {
  const intro = "Here is the plan. ".repeat(20).trim();
  const outro = "That should do it, ".repeat(40).trim();
  const text = `${intro}\n\n${codeBlock(80)}\n\n${outro}`;
  return text.padEnd(5000, " filler").slice(0, 5000);
}

test("short text is one chunk; blank text is none", () => {
  assert.deepEqual(chunkText("hello world", 2000), ["hello world"]);
  assert.deepEqual(chunkText("\n\nhello\n\n", 2000), ["hello"]);
  assert.deepEqual(chunkText("   \n\n ", 2000), []);
});

test("paragraph boundaries win over line and word boundaries", () => {
  const a = "alpha ".repeat(10).trim();
  const b = `${"beta ".repeat(5).trim()}\n${"gamma ".repeat(5).trim()}`;
  const chunks = chunkText(`${a}\n\n${b}`, a.length + 20);
  assert.equal(chunks[0], a);
  assert.equal(chunks[1], b);
});

test("without paragraphs, lines are kept whole; without lines, words are", () => {
  const lines = ["one two three", "four five six", "seven eight nine"].join("\n");
  assert.deepEqual(chunkText(lines, 28), ["one two three\nfour five six", "seven eight nine"]);
  assert.deepEqual(chunkText("aaa bbb ccc ddd", 8), ["aaa bbb", "ccc ddd"]);
});

test("a word longer than the limit is cut hard, never inside a surrogate pair", () => {
  assert.deepEqual(chunkText("x".repeat(10), 4), ["xxxx", "xxxx", "xx"]);
  const emoji = "😀".repeat(5);
  const chunks = chunkText(emoji, 3);
  assert.deepEqual(chunks, ["😀", "😀", "😀", "😀", "😀"]);
});

test("a fence that fits is moved whole to the next chunk instead of being split", () => {
  const intro = "Intro line. ".repeat(8).trim();
  const block = codeBlock(3, "py");
  const chunks = chunkText(`${intro}\n${block}`, block.length + 10);
  assert.deepEqual(chunks, [intro, block]);
});

test("a fence longer than the limit is closed and reopened with its language tag", () => {
  const block = codeBlock(40, "python");
  const chunks = chunkText(block, 400);
  assert.ok(chunks.length > 2);
  for (const chunk of chunks) {
    assert.ok(chunk.startsWith("```python\n"), chunk.slice(0, 20));
    assert.ok(chunk.endsWith("\n```"), chunk.slice(-20));
  }
  assertWellFormed(chunks, block, 400);
  // No code line was cut: every line of every chunk is a line of the original.
  const original = new Set(block.split("\n"));
  for (const line of chunks.join("\n").split("\n")) assert.ok(original.has(line), line);
});

test("the 5,000-character reply with a code block splits cleanly at 2000 and at 4000", () => {
  const reply = longReply();
  assert.equal(reply.length, 5000);
  const discord = chunkText(reply, DEFAULT_CHUNK_LIMITS.discord);
  assertWellFormed(discord, reply, 2000);
  assert.equal(discord.length, 4);
  assert.ok(!discord[0]?.includes("```"), "the prose before the block is its own chunk");
  assert.ok(discord[1]?.startsWith("```ts\n  const value0") && discord[1].endsWith("\n```"));
  assert.ok(discord[2]?.startsWith("```ts\n") && discord[2].includes("step 79\n```"));
  assert.ok(discord[3]?.startsWith("That should do it"));
  const telegram = chunkText(reply, DEFAULT_CHUNK_LIMITS.telegram);
  assertWellFormed(telegram, reply, 4000);
  assert.equal(telegram.length, 2);
  // At 4000 the block fits, so it stays whole in the first chunk.
  assert.equal(telegram[0]?.split("\n").filter((line) => FENCE_LINE.test(line)).length, 2);
  assert.ok(telegram[0]?.includes("step 0") && telegram[0].includes("step 79"));
});

test("every chunk stays within the limit across many limits", () => {
  const text = [longReply(), "- item one\n- item two", codeBlock(12, "sh"), "done."].join("\n\n");
  for (const limit of [60, 97, 150, 333, 1000, 2000, 4000, 9000])
    assertWellFormed(chunkText(text, limit), text, limit);
});

test("tilde fences and longer backtick fences are respected, including inner ``` lines", () => {
  const inner = [
    "````md",
    "```js",
    "console.log(1)",
    "```",
    ...Array.from({ length: 20 }, (_, i) => `line ${i} of the markdown sample`),
    "````",
  ].join("\n");
  const chunks = chunkText(inner, 200);
  assertWellFormed(chunks, inner, 200);
  for (const chunk of chunks) assert.ok(chunk.startsWith("````md\n") && chunk.endsWith("\n````"));
  const tilde = ["~~~text", ...Array.from({ length: 20 }, (_, i) => `tilde line ${i}`), "~~~"].join(
    "\n",
  );
  for (const chunk of chunkText(tilde, 120))
    assert.ok(chunk.startsWith("~~~text\n") && chunk.endsWith("\n~~~"));
});

test("an unclosed fence is reopened in each chunk and left open at the end, like the original", () => {
  const open = ["```js", ...Array.from({ length: 30 }, (_, i) => `let x${i} = ${i};`)].join("\n");
  const chunks = chunkText(open, 120);
  assert.ok(chunks.length > 1);
  for (const chunk of chunks.slice(0, -1)) assert.ok(chunk.endsWith("\n```"));
  assert.ok(chunks.at(-1)?.startsWith("```js\n"));
  assert.ok(!chunks.at(-1)?.endsWith("```"));
  for (const chunk of chunks) assert.ok(chunk.length <= 120);
});

test("chunking is deterministic", () => {
  const reply = longReply();
  assert.deepEqual(chunkText(reply, 2000), chunkText(reply, 2000));
});

test("a non-positive or fractional limit is a CoreError", () => {
  for (const limit of [0, -1, 1.5, Number.NaN])
    assert.throws(() => chunkText("x", limit), CoreError);
});

test("tiny limits still respect the limit even when a fence cannot be repaired", () => {
  const block = codeBlock(3);
  for (const limit of [1, 5, 9])
    for (const chunk of chunkText(block, limit)) assert.ok(chunk.length <= limit);
});

test("text exactly at the limit is one chunk, and a paragraph break beats a later line break", () => {
  assert.deepEqual(chunkText("hello world", 11), ["hello world"]);
  assert.deepEqual(chunkText("aaa\n\nbbb\nccc", 10), ["aaa", "bbb\nccc"]);
  assert.deepEqual(chunkText("one two\nthree four five six", 12), [
    "one two",
    "three four",
    "five six",
  ]);
});

test("trailing blank lines or spaces after a cut end the text without an empty chunk", () => {
  assert.deepEqual(chunkText("aaaa\n\n", 4), ["aaaa"]);
  assert.deepEqual(chunkText("aaaa    ", 4), ["aaaa"]);
  // A run of non-breaking spaces longer than the limit is not sent as a blank message.
  const chunks = chunkText(`a${"\u00a0".repeat(12)} b`, 5);
  assert.equal(chunks.length, 2);
  assert.equal(
    chunks
      .join("")
      .replace(/\u00a0/g, "")
      .replace(/ /g, ""),
    "ab",
  );
});

test("a chunk keeps its leading indentation", () => {
  assert.deepEqual(chunkText("  indented first\n\nsecond", 17), ["  indented first", "second"]);
});

test("hard cuts keep astral characters whole at both ends of the surrogate range, and BMP characters are not held back", () => {
  assert.deepEqual(chunkText("\u{10000}\u{10000}\u{10FFFF}\u{10FFFF}", 3), [
    "\u{10000}",
    "\u{10000}",
    "\u{10FFFF}",
    "\u{10FFFF}",
  ]);
  assert.deepEqual(chunkText("ｆｕｌｌｗｉｄｔｈ", 3), ["ｆｕｌ", "ｌｗｉ", "ｄｔｈ"]);
  // A limit of 1 cannot hold a pair: it is split rather than looping forever, and nothing is lost.
  const tiny = chunkText("😀😀", 1);
  assert.equal(tiny.length, 4);
  assert.equal(tiny.join(""), "😀😀");
});

test("a code line longer than the limit is cut inside its fence, closed and reopened, without losing a character", () => {
  const line = "0123456789".repeat(4);
  const expected = ["01234567", "89012345", "67890123", "45678901", "23456789"].map(
    (part) => "```json\n" + part + "\n```",
  );
  assert.deepEqual(chunkText("```json\n" + line + "\n```", 20), expected);
  assert.deepEqual(chunkText("intro\n```json\n" + line + "\n```", 20), ["intro", ...expected]);
  const long = chunkText("```py\n" + "a".repeat(30) + "\nb\n```", 16);
  assert.deepEqual(long, [
    ...Array.from({ length: 5 }, () => "```py\naaaaaa\n```"),
    "```py\nb\n```",
  ]);
});

test("the smallest limit that holds a reopened fence still gets closed fences with content", () => {
  // "```" + "\n" + one character + "\n" + "```" is 9 units.
  assert.deepEqual(chunkText("```\nabc\n```", 9), ["```\na\n```", "```\nb\n```", "```\nc\n```"]);
  assert.deepEqual(chunkText("```py\nx = 1\ny = 2\nz = 3\n```", 16), [
    "```py\nx = 1\n```",
    "```py\ny = 2\n```",
    "```py\nz = 3\n```",
  ]);
});

test("prose after a split fence is its own chunk, and an earlier fence does not wrap a later hard cut", () => {
  assert.deepEqual(chunkText("```py\nx = 1\ny = 2\n```\n\nok then", 16), [
    "```py\nx = 1\n```",
    "```py\ny = 2\n```",
    "ok then",
  ]);
  assert.deepEqual(chunkText("```\na\n```\n" + "x".repeat(25), 10), [
    "```\na\n```",
    "xxxxxxxxxx",
    "xxxxxxxxxx",
    "xxxxx",
  ]);
});

test("a long code line after a short one is cut forward from where the last chunk ended", () => {
  assert.deepEqual(chunkText("```py\nx\n" + "a".repeat(30) + "\n```", 16), [
    "```py\nx\n```",
    ...Array.from({ length: 5 }, () => "```py\naaaaaa\n```"),
  ]);
});

test("a reopened fence's chunk ends at the fence, not at a line break in the prose after it", () => {
  assert.deepEqual(chunkText("```py\nx = 1\ny = 2\n```\nab cd\nrest", 16), [
    "```py\nx = 1\n```",
    "```py\ny = 2\n```",
    "ab cd\nrest",
  ]);
});

test("blank lines inside a split code block are kept", () => {
  const chunks = chunkText("```py\na = 1\n\n\nb = 2\nc = 3\n```", 16);
  const code = chunks.flatMap((chunk) => chunk.split("\n").slice(1, -1));
  assert.deepEqual(code, ["a = 1", "", "", "b = 2", "c = 3"]);
});

test("a bad limit's error names the limit and the value", () => {
  assert.throws(
    () => chunkText("x", 0),
    (error: unknown) =>
      error instanceof CoreError &&
      error.code === "invalid_chunk_limit" &&
      error.message.includes("got 0"),
  );
});

test("fences are found as CommonMark defines them", () => {
  // CRLF lines: the span ends before the closing line's \r\n and the info string has no \r.
  assert.deepEqual(findFenceSpans("```ts\r\ncode\r\n```\r\nafter"), [
    { start: 0, openLine: "```ts", marker: "```", end: 16, closed: true },
  ]);
  // Four spaces of indentation make an indented code block, not a fence.
  assert.deepEqual(findFenceSpans("    ```\nnot code\n    ```"), []);
  // Only a bare run (trailing blanks allowed) closes: not "```bash", "echo ```" or an over-indented run.
  assert.deepEqual(findFenceSpans("```\nfoo\n```bash\nbar\necho ```\n    ```\n```  \nafter"), [
    { start: 0, openLine: "```", marker: "```", end: 42, closed: true },
  ]);
  // A tilde run does not close a backtick fence.
  assert.deepEqual(findFenceSpans("```\n~~~\n```"), [
    { start: 0, openLine: "```", marker: "```", end: 11, closed: true },
  ]);
  assert.deepEqual(findFenceSpans("~~~\na\n~~~\ntext"), [
    { start: 0, openLine: "~~~", marker: "~~~", end: 9, closed: true },
  ]);
  // A backtick in a backtick fence's info string makes it inline code; a tilde fence may have one.
  assert.deepEqual(findFenceSpans("``` a`b\ntext\n~~~ a`b\ncode"), [
    { start: 13, openLine: "~~~ a`b", marker: "~~~", end: 25, closed: false },
  ]);
});
