import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseInline, safeHref } from "./markdown-inline.js";

describe("inline Markdown of a chat reply", () => {
  it("parses code, bold, italics and links", () => {
    assert.deepEqual(parseInline("run `npm ci` **now**, *then* [docs](https://x.example/a)"), [
      { kind: "text", text: "run " },
      { kind: "code", text: "npm ci" },
      { kind: "text", text: " " },
      { kind: "strong", children: [{ kind: "text", text: "now" }] },
      { kind: "text", text: ", " },
      { kind: "em", children: [{ kind: "text", text: "then" }] },
      { kind: "text", text: " " },
      { kind: "link", href: "https://x.example/a", children: [{ kind: "text", text: "docs" }] },
    ]);
  });

  it("never links javascript: or data: targets", () => {
    assert.equal(safeHref("javascript:alert(1)"), undefined);
    assert.equal(safeHref("data:text/html,<script>alert(1)</script>"), undefined);
    assert.deepEqual(parseInline("[click](javascript:alert(1))"), [
      { kind: "text", text: "[click](javascript:alert(1))" },
    ]);
  });

  it("links bare URLs without their trailing punctuation", () => {
    assert.deepEqual(parseInline("see https://example.com/x."), [
      { kind: "text", text: "see " },
      {
        kind: "link",
        href: "https://example.com/x",
        children: [{ kind: "text", text: "https://example.com/x" }],
      },
      { kind: "text", text: "." },
    ]);
  });

  it("keeps snake_case words as text", () => {
    assert.deepEqual(parseInline("max_concurrent_runs"), [
      { kind: "text", text: "max_concurrent_runs" },
    ]);
  });
});
