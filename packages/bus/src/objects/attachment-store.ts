import { createHash } from "node:crypto";
import { errorMessage, sniffImageType } from "@clawfleet/core";
import { Objm, type ObjectStore } from "@nats-io/obj";
import {
  ATTACHMENT_REF_PATTERN,
  type AttachmentRef,
  type ImageMimeType,
} from "../catalogue/attachments.js";
import { ObjectStores } from "../catalogue/resources.js";
import { natsHandles, type Bus } from "../core/bus.js";
import { BusError, BusErrorCode } from "../errors.js";

/** An image to store: its bytes, the type it claims to be and the name the user gave it. */
export interface AttachmentInput {
  bytes: Uint8Array;
  mimeType: ImageMimeType;
  fileName?: string;
}

const stores = new WeakMap<Bus, Promise<ObjectStore>>();

function attachmentStore(bus: Bus): Promise<ObjectStore> {
  let store = stores.get(bus);
  if (!store) {
    // Provisioned at start; not checking saves a round trip on every put and get.
    store = new Objm(natsHandles(bus).js).open(ObjectStores.Attachments.name, false);
    stores.set(bus, store);
  }
  return store;
}

/** The content address of some bytes: `sha256:` and their hex digest. */
export function attachmentRefFor(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/**
 * Stores an image in the `attachments` object store under its content address and returns the
 * reference inputs and transcripts carry. The same bytes sent again store nothing new. Bytes that are
 * not the image type they claim to be are refused (`bad_request`).
 */
export async function putAttachment(bus: Bus, input: AttachmentInput): Promise<AttachmentRef> {
  const label = input.fileName ?? "attachment";
  if (input.bytes.length === 0) throw badRequest(`${label} is empty`);
  const sniffed = sniffImageType(input.bytes);
  if (sniffed !== input.mimeType)
    throw badRequest(
      sniffed
        ? `${label} is ${sniffed}, not ${input.mimeType} as declared`
        : `${label}: its bytes are not ${input.mimeType} (nor any PNG, JPEG, GIF or WebP image)`,
    );
  const ref = attachmentRefFor(input.bytes);
  const attachment: AttachmentRef = {
    kind: "image",
    mimeType: input.mimeType,
    size: input.bytes.length,
    ref,
  };
  if (input.fileName !== undefined) attachment.fileName = input.fileName.slice(0, 255);
  const store = await attachmentStore(bus);
  try {
    const existing = await store.info(ref);
    if (existing && !existing.deleted && existing.size === input.bytes.length) return attachment;
    await store.putBlob({ name: ref }, input.bytes);
  } catch (error) {
    throw storeError(`storing ${label}`, error);
  }
  return attachment;
}

/**
 * The bytes of a stored attachment, or undefined when it is no longer stored (expired after 30 days,
 * never stored, or only partly left). `ref` must be a `sha256:<hex>` content address.
 */
export async function getAttachment(bus: Bus, ref: string): Promise<Uint8Array | undefined> {
  if (!ATTACHMENT_REF_PATTERN.test(ref)) throw badRequest(`${ref} is not an attachment reference`);
  const store = await attachmentStore(bus);
  try {
    const info = await store.info(ref);
    if (!info || info.deleted || !(await chunksStored(bus, info.nuid))) return undefined;
    const bytes = await store.getBlob(ref);
    // Its name is its digest: bytes that do not hash to it are not the attachment.
    if (!bytes || attachmentRefFor(bytes) !== ref) return undefined;
    return bytes;
  } catch (error) {
    // Chunks expire just before their metadata: the library reports a short or corrupt object.
    if (/corrupt|digests do not match|size/i.test(errorMessage(error))) return undefined;
    throw storeError(`reading ${ref}`, error);
  }
}

/**
 * Whether an object's data is still there. Its chunks expire just before its metadata (they were
 * written first); reading an object without chunks would wait forever for data that never comes.
 */
async function chunksStored(bus: Bus, nuid: string): Promise<boolean> {
  const jsm = await natsHandles(bus).jsm();
  const stream = `OBJ_${ObjectStores.Attachments.name}`;
  const last = await jsm.streams.getMessage(stream, {
    last_by_subj: `$O.${ObjectStores.Attachments.name}.C.${nuid}`,
  });
  return last !== null;
}

function badRequest(message: string): BusError {
  return new BusError(BusErrorCode.BadRequest, message, { retryable: false });
}

function storeError(doing: string, error: unknown): BusError {
  const message = errorMessage(error);
  if (/maximum bytes|insufficient resources|storage/i.test(message))
    return new BusError(
      BusErrorCode.Unavailable,
      `${doing}: the attachments store is full (${ObjectStores.Attachments.maxBytes / 1024 / 1024} MiB; older images expire after 30 days)`,
      { cause: error },
    );
  return new BusError(BusErrorCode.Unavailable, `${doing}: ${message}`, { cause: error });
}
