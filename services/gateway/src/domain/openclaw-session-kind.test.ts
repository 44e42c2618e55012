import assert from "node:assert/strict";
import { it } from "node:test";
import { openClawSessionKind } from "./openclaw-session-kind.js";

it("classifies sessions as OpenClaw's gateway does: never unknown for a real session", () => {
  assert.equal(openClawSessionKind("agent:main:main"), "direct");
  assert.equal(openClawSessionKind("agent:main:side-quest"), "direct");
  assert.equal(openClawSessionKind("agent:main:telegram:group:-100123"), "group");
  assert.equal(openClawSessionKind("agent:main:discord:channel:42"), "group");
  assert.equal(openClawSessionKind("agent:main:telegram:dm:4243", "dm"), "direct");
  assert.equal(openClawSessionKind("agent:main:whatever", "group"), "group");
  assert.equal(openClawSessionKind("global"), "global");
});
