import type { OpenClawConfig } from "@clawfleet/config";
import { ConnectionPolicy } from "../protocol/policy.js";

const MiB = 1024 * 1024;
/** Decoded-size ceiling of an attachment when `agents.defaults.mediaMaxMb` is unset (OpenClaw's 20 MB). */
const DEFAULT_MEDIA_MAX_MB = 20;
/** Largest image the agents hand to a model (OpenClaw's 6 MB). */
const MAX_IMAGE_BYTES = 6 * MiB;
/** What base64 in one frame can carry, leaving room for the rest of the request (as OpenClaw). */
const MAX_ADVERTISED_BYTES = Math.floor(((ConnectionPolicy.maxPayload - 256 * 1024) * 3) / 4);

/** The attachment limits `hello-ok.policy.attachments` advertises and `chat.send` enforces. */
export interface AttachmentPolicy {
  /** Largest decoded attachment of any kind. */
  maxBytes: number;
  /** Largest decoded image: the smaller of `maxBytes` and 6 MB. */
  maxImageBytes: number;
}

/** The attachment limits of a config: `agents.defaults.mediaMaxMb` (default 20), images at most 6 MB. */
export function attachmentPolicy(config: OpenClawConfig): AttachmentPolicy {
  const configured = config.agents.defaults.mediaMaxMb;
  const mb = configured !== undefined && configured > 0 ? configured : DEFAULT_MEDIA_MAX_MB;
  const maxBytes = Math.min(Math.max(1, Math.floor(mb * MiB)), MAX_ADVERTISED_BYTES);
  return { maxBytes, maxImageBytes: Math.min(maxBytes, MAX_IMAGE_BYTES) };
}
