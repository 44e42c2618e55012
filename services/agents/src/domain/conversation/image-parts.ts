import type { AttachmentRef } from "@clawfleet/bus";
import type { ChatMessage, ChatPart, ImagePart } from "../models/chat-model.js";

/** Image-bearing user entries whose images go to the model again (OpenClaw: 3); older ones become notes. */
export const REPLAYED_IMAGE_ENTRIES = 3;

/** How an attachment is named to the model: its file name, else "image". */
export function imageLabel(attachment: Pick<AttachmentRef, "fileName">): string {
  return attachment.fileName?.trim() || "image";
}

/** Notes that stand for an image the model does not get. */
export const ImageNote = {
  expired: (name: string) => `[image ${name}: no longer stored]`,
  unseen: (name: string) => `[image ${name} attached; this model cannot see images]`,
  earlier: (name: string) => `[image ${name} shown earlier]`,
  sent: (name: string) => `[you sent image ${name}]`,
} as const;

/** A text part, left out when empty (providers refuse empty text blocks: an image-only message). */
export function textParts(text: string): ChatPart[] {
  return text ? [{ type: "text", text }] : [];
}

/** The parts for an entry's attachments given their bytes (undefined: no longer stored). */
export function attachmentParts(
  attachments: readonly AttachmentRef[],
  bytes: ReadonlyMap<string, Uint8Array | undefined>,
): ChatPart[] {
  return attachments.map((a): ChatPart => {
    const data = bytes.get(a.ref);
    if (!data) return { type: "text", text: ImageNote.expired(imageLabel(a)) };
    return {
      type: "image",
      mimeType: a.mimeType,
      data: Buffer.from(data).toString("base64"),
      name: imageLabel(a),
    };
  });
}

/** Notes for attachments the model will not see (`note` says why). */
export function noteParts(
  attachments: readonly AttachmentRef[],
  note: (name: string) => string,
): ChatPart[] {
  return attachments.map((a) => ({ type: "text", text: note(imageLabel(a)) }));
}

/** The conversation for a model that cannot see images: each image part becomes a note naming it. */
export function withoutImages(messages: readonly ChatMessage[]): ChatMessage[] {
  if (!messages.some((m) => m.content.some((p) => p.type === "image"))) return [...messages];
  return messages.map((m) =>
    m.content.some((p) => p.type === "image")
      ? {
          role: m.role,
          content: m.content.map((p) =>
            p.type === "image"
              ? { type: "text" as const, text: ImageNote.unseen((p as ImagePart).name ?? "image") }
              : p,
          ),
        }
      : m,
  );
}
