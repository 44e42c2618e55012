import assert from "node:assert/strict";
import { test } from "node:test";
import { parseBenchArgs } from "./bench-args.js";

const known = ["agent-turns", "cluster"];

test("a plain run writes under the git-ignored local/ folder, every suite", () => {
  assert.deepEqual(parseBenchArgs([], known, "/r"), {
    kind: "run",
    suites: [],
    record: false,
    resultsDir: "/r/local",
  });
});

test("--record writes to the tracked results folder, only the named suites", () => {
  assert.deepEqual(parseBenchArgs(["cluster", "--record"], known, "/r"), {
    kind: "run",
    suites: ["cluster"],
    record: true,
    resultsDir: "/r",
  });
});

test("an unknown option or suite is a usage error naming it; --help is help", () => {
  assert.deepEqual(parseBenchArgs(["--recrod"], known, "/r"), {
    kind: "error",
    message: "unknown option --recrod",
  });
  const missing = parseBenchArgs(["clustr"], known, "/r");
  assert.equal(missing.kind, "error");
  assert.match(
    missing.kind === "error" ? missing.message : "",
    /no suite named clustr; suites: agent-turns, cluster/,
  );
  assert.deepEqual(parseBenchArgs(["cluster", "--help"], known, "/r"), { kind: "help" });
});
