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

test("refused calls say why, a '*' anywhere in the list admits every caller, and any listed number matches", () => {
  assert.deepEqual(decideVoiceAccess("+15550100000"), {
    action: "deny",
    reason: "inbound calls are disabled (inboundPolicy: disabled)",
  });
  assert.deepEqual(
    decideVoiceAccess("+1 555 010 0001", {
      inboundPolicy: "allowlist",
      allowFrom: ["+15550100000"],
    }),
    {
      action: "deny",
      reason: "caller +1 555 010 0001 is not in allowFrom (inboundPolicy: allowlist)",
    },
  );
  const list = { inboundPolicy: "allowlist", allowFrom: ["+15550100000", " * "] } as const;
  assert.equal(decideVoiceAccess("+15550109999", list).action, "accept");
  const two = { inboundPolicy: "allowlist", allowFrom: ["+15550100000", "+15550100001"] } as const;
  assert.equal(decideVoiceAccess("+15550100001", two).action, "accept");
});
