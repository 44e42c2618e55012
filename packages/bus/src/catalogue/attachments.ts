import { ImageMimeTypes } from "@clawfleet/core";
import * as z from "zod";

export { ImageMimeTypes, type ImageMimeType } from "@clawfleet/core";

/** Most attachments one input or transcript entry carries (OpenClaw's limit too). */
export const MAX_ATTACHMENTS = 8;

/** Pattern of an attachment's object name: `sha256:` and the hex digest of its bytes. */
export const ATTACHMENT_REF_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * A reference to an image stored in the `attachments` object store. Inputs and transcripts carry
 * these, never the bytes, so INBOX stays small; the bytes are read back with `getAttachment`.
 */
export const attachmentRefSchema = z.object({
  kind: z.literal("image"),
  mimeType: z.enum(ImageMimeTypes),
  /** Size of the decoded bytes. */
  size: z.number().int().positive(),
  /** Object name in `attachments`: the content address, so the same bytes are stored once. */
  ref: z.string().regex(ATTACHMENT_REF_PATTERN),
  fileName: z.string().max(255).optional(),
});
/** A reference to a stored image. */
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

/** The attachments field of an inbox input or a (user) transcript entry. */
export const attachmentListSchema = z.array(attachmentRefSchema).max(MAX_ATTACHMENTS);
