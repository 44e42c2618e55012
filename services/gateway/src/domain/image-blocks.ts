import type { AttachmentRef } from "@clawfleet/bus";

/** An image of a chat message as clients get it: a reference to load with `artifacts.download`, never the bytes. */
export interface ImageBlock {
  type: "image";
  artifactId: string;
  mimeType: string;
  sizeBytes: number;
  alt: string;
}

/** One `image` block per stored image, in order (the text block comes first). */
export function imageBlocks(attachments: readonly AttachmentRef[] | undefined): ImageBlock[] {
  return (attachments ?? []).map((image) => ({
    type: "image",
    artifactId: image.ref,
    mimeType: image.mimeType,
    sizeBytes: image.size,
    alt: image.fileName ?? "image",
  }));
}
