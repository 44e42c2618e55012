import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseBlocks } from "./markdown-blocks.js";

describe("Markdown blocks of a chat reply", () => {
  it("finds headings, lists, a table and a fenced code block", () => {
    const blocks = parseBlocks(
      [
        "# Plan",
        "Two steps:",
        "- first *thing*",
        "- second",
        "",
        "1. one",
        "2. two",
        "",
        "| name | size |",
        "|------|-----:|",
        "| a \\| b | 3 |",
        "",
        "```ts",
        "const x = 1;",
        "```",
      ].join("\n"),
    );
    assert.deepEqual(
      blocks.map((b) => b.kind),
      ["heading", "paragraph", "list", "list", "table", "code"],
    );
    assert.deepEqual(blocks[4], {
      kind: "table",
      header: ["name", "size"],
      rows: [["a | b", "3"]],
    });
    assert.deepEqual(blocks[5], { kind: "code", lang: "ts", text: "const x = 1;" });
    assert.deepEqual(blocks[3], { kind: "list", ordered: true, items: ["one", "two"] });
  });

  it("keeps an unclosed fence (a reply still streaming) as code to the end", () => {
    assert.deepEqual(parseBlocks("look:\n```\nline 1\nline 2"), [
      { kind: "paragraph", text: "look:" },
      { kind: "code", lang: "", text: "line 1\nline 2" },
    ]);
  });

  it("leaves raw HTML as paragraph text", () => {
    assert.deepEqual(parseBlocks('<img src=x onerror="alert(1)">'), [
      { kind: "paragraph", text: '<img src=x onerror="alert(1)">' },
    ]);
  });
});
