import assert from "node:assert/strict";
import { test } from "node:test";
import { parseMediaLines } from "./media-lines.js";
import { classifyMediaReference, replyImageMaxBytes } from "./media-reference.js";
import { OpenClawConfigSchema } from "@clawfleet/config";

test("OpenClaw's valid example: a standalone MEDIA: line attaches and leaves the text", () => {
  const parsed = parseMediaLines("Here is the generated image.\n\nMEDIA:/workspace/image.png");
  assert.deepEqual(parsed, {
    text: "Here is the generated image.",
    references: ["/workspace/image.png"],
  });
});

test("OpenClaw's invalid examples stay text: Markdown wrappers and inline prose", () => {
  for (const reply of [
    "**MEDIA:/workspace/image.png**",
    "`MEDIA:/workspace/image.png`",
    "Here is your image: MEDIA:/workspace/image.png",
    "> MEDIA:/workspace/image.png",
    "- MEDIA:/workspace/image.png",
  ])
    assert.deepEqual(parseMediaLines(reply), { text: reply, references: [] }, reply);
});

test("up to three leading spaces attach; four spaces or a tab are an indented code block", () => {
  assert.deepEqual(parseMediaLines("a\n   MEDIA:https://example.com/a.png\nb").references, [
    "https://example.com/a.png",
  ]);
  for (const reply of ["    MEDIA:https://example.com/a.png", "\tMEDIA:https://example.com/a.png"])
    assert.deepEqual(parseMediaLines(reply).references, [], JSON.stringify(reply));
});

test("lines inside fenced code blocks (``` and ~~~) stay text; after the fence closes they attach", () => {
  const reply = [
    "Example:",
    "```text",
    "MEDIA:/workspace/in-fence.png",
    "~~~",
    "MEDIA:/workspace/still-in-fence.png",
    "```",
    "~~~~",
    "MEDIA:/workspace/tilde.png",
    "~~~~",
    "MEDIA:/workspace/real.png",
  ].join("\n");
  const parsed = parseMediaLines(reply);
  assert.deepEqual(parsed.references, ["/workspace/real.png"]);
  assert.ok(parsed.text.includes("MEDIA:/workspace/in-fence.png"));
  assert.ok(parsed.text.includes("MEDIA:/workspace/tilde.png"));
});

test("a double-quoted reference keeps its punctuation; each reference counts once", () => {
  const parsed = parseMediaLines(
    'Two:\nMEDIA:"https://example.com/video.mp4?token=ends,"\nMEDIA: https://example.com/b.png\nMEDIA:https://example.com/b.png\r\nDone.',
  );
  assert.deepEqual(parsed.references, [
    "https://example.com/video.mp4?token=ends,",
    "https://example.com/b.png",
  ]);
  assert.equal(parsed.text, "Two:\nDone.");
});

test("an empty or spaced unquoted reference is no MEDIA line", () => {
  for (const reply of ["MEDIA:", "MEDIA:   ", "MEDIA:two words.png"])
    assert.deepEqual(parseMediaLines(reply).references, [], reply);
});

test("a reply that is only MEDIA lines has empty text; blank runs they leave collapse", () => {
  assert.deepEqual(parseMediaLines("MEDIA:/a.png\nMEDIA:/b.png"), {
    text: "",
    references: ["/a.png", "/b.png"],
  });
  assert.equal(parseMediaLines("one\n\nMEDIA:/a.png\n\ntwo").text, "one\n\ntwo");
});

test("references classify: https URL, workspace path, http and other schemes refused, no climbing out", () => {
  assert.deepEqual(classifyMediaReference("https://cdn.example.com/img/chart.png?x=1", "main"), {
    kind: "url",
    url: "https://cdn.example.com/img/chart.png?x=1",
    label: "chart.png",
  });
  for (const [reference, path] of [
    ["/workspace/memory/notes.md", "memory/notes.md"],
    ["~/AGENTS.md", "AGENTS.md"],
    ["./chart.png", "chart.png"],
    ["nats-kv://workspace/main/chart.png", "chart.png"],
    ["chart.png", "chart.png"],
  ] as const)
    assert.deepEqual(
      classifyMediaReference(reference, "main"),
      { kind: "workspace", path, label: path.split("/").at(-1) },
      reference,
    );
  assert.match(
    reasonOf(classifyMediaReference("http://example.com/a.png", "main")),
    /only https: links/,
  );
  assert.match(
    reasonOf(classifyMediaReference("file:///etc/passwd", "main")),
    /only https: links and workspace files/,
  );
  assert.match(
    reasonOf(classifyMediaReference("nats-kv://workspace/other/a.png", "main")),
    /only https/,
  );
  assert.match(reasonOf(classifyMediaReference("../../etc/passwd", "main")), /leaves/);
});

test("images are limited to the smaller of agents.defaults.mediaMaxMb and 6 MB", () => {
  const limit = (mediaMaxMb?: number) =>
    replyImageMaxBytes(
      OpenClawConfigSchema.parse(mediaMaxMb ? { agents: { defaults: { mediaMaxMb } } } : {}),
    );
  assert.equal(limit(), 6 * 1024 * 1024);
  assert.equal(limit(2), 2 * 1024 * 1024);
  assert.equal(limit(50), 6 * 1024 * 1024);
});

function reasonOf(target: ReturnType<typeof classifyMediaReference>): string {
  return target.kind === "invalid" ? target.reason : `not refused: ${JSON.stringify(target)}`;
}
