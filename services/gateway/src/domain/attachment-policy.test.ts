import assert from "node:assert/strict";
import { test } from "node:test";
import { OpenClawConfigSchema } from "@clawfleet/config";
import { attachmentPolicy } from "./attachment-policy.js";

const MiB = 1024 * 1024;
const parse = (input: unknown) => OpenClawConfigSchema.parse(input);

const FRAME_CAP = Math.floor(((25 * MiB - 256 * 1024) * 3) / 4); // ~18.6 MB of base64 in a 25 MiB frame

test("without mediaMaxMb attachments may be 20 MB (capped by the frame) and images 6 MB, as OpenClaw", () => {
  assert.deepEqual(attachmentPolicy(parse({})), { maxBytes: FRAME_CAP, maxImageBytes: 6 * MiB });
});

test("mediaMaxMb sets the ceiling, capped at what one 25 MiB frame can carry in base64", () => {
  const small = parse({ agents: { defaults: { mediaMaxMb: 2.5 } } });
  assert.deepEqual(attachmentPolicy(small), { maxBytes: 2.5 * MiB, maxImageBytes: 2.5 * MiB });
  const huge = attachmentPolicy(parse({ agents: { defaults: { mediaMaxMb: 500 } } }));
  assert.equal(huge.maxBytes, FRAME_CAP);
  assert.equal(huge.maxImageBytes, 6 * MiB);
});
