import assert from "node:assert/strict";
import { test } from "node:test";
import { composeProjectContext, hasHeartbeatContent, trimFile } from "./project-context.js";

test("files go in order under their names; blank and missing files are skipped", () => {
  const text = composeProjectContext({
    files: [
      { name: "AGENTS.md", content: "rules" },
      { name: "SOUL.md", content: "  \n" },
      { name: "USER.md" },
      { name: "MEMORY.md", content: "facts" },
    ],
    group: false,
  });
  assert.match(text, /^# Project Context\n/);
  assert.match(text, /## AGENTS\.md\nrules\n\n## MEMORY\.md\nfacts$/);
  assert.doesNotMatch(text, /SOUL|USER/);
  assert.equal(composeProjectContext({ files: [{ name: "SOUL.md" }], group: false }), "");
});

test("per-file and total caps trim with a marker naming the file", () => {
  const long = `${"a".repeat(700)}${"b".repeat(300)}`;
  assert.equal(trimFile("SOUL.md", long, 1000), long);
  const cut = trimFile("SOUL.md", long, 100);
  assert.match(cut, /^a{70}\n\n\[… SOUL\.md truncated: 1000 characters, 100 shown/);
  assert.match(cut, /\n\nb{20}$/);
  const text = composeProjectContext({
    files: [
      { name: "AGENTS.md", content: "x".repeat(500) },
      { name: "SOUL.md", content: "y".repeat(500) },
      { name: "USER.md", content: "z" },
    ],
    group: false,
    maxChars: 400,
    totalMaxChars: 600,
  });
  assert.match(text, /AGENTS\.md truncated: 500 characters, 400 shown/);
  assert.match(text, /## USER\.md\n\[left out: the workspace files exceed 600 characters\]/);
});

test("a heartbeat file of headings and comments asks for nothing", () => {
  assert.equal(hasHeartbeatContent("# HEARTBEAT.md\n\n<!-- keep empty -->\n"), false);
  assert.equal(hasHeartbeatContent(undefined), false);
  assert.equal(hasHeartbeatContent("# HEARTBEAT.md\n- check the mail\n"), true);
});
