import assert from "node:assert/strict";
import { test } from "node:test";
import { decideVoiceAccess } from "./voice-access.js";

test("inbound calls are disabled unless configured", () => {
  assert.equal(decideVoiceAccess("+15550100").action, "deny");
  assert.equal(decideVoiceAccess("+15550100", { inboundPolicy: "open" }).action, "accept");
});

test("allowlist compares phone numbers by their digits", () => {
  const cfg = { inboundPolicy: "allowlist", allowFrom: ["+1 (555) 010-0000"] } as const;
  assert.equal(decideVoiceAccess("+15550100000", cfg).action, "accept");
  assert.equal(decideVoiceAccess("+15550100001", cfg).action, "deny");
  assert.equal(
    decideVoiceAccess("anonymous", { inboundPolicy: "allowlist", allowFrom: [""] }).action,
    "deny",
  );
  assert.equal(
    decideVoiceAccess("anonymous", { inboundPolicy: "allowlist", allowFrom: ["*"] }).action,
    "accept",
  );
});
