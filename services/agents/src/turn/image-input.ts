import { getAttachment, type AttachmentRef, type Bus, type TranscriptEntry } from "@clawfleet/bus";
import { acceptsImages, type OpenClawConfig } from "@clawfleet/config";
import { visibleEntries } from "../domain/conversation/compaction-plan.js";
import {
  attachmentParts,
  ImageNote,
  noteParts,
  REPLAYED_IMAGE_ENTRIES,
} from "../domain/conversation/image-parts.js";
import type { ChatPart } from "../domain/models/chat-model.js";
import type { ModelRef } from "../domain/models/model-ref.js";

/** A turn's images as the model gets them: the batch's inputs' parts, and history entries replayed with theirs. */
export interface TurnImages {
  /** Image (or note) parts per batch input, in batch order. */
  inputs: ChatPart[][];
  /** History user entries whose images are sent again, with their parts. */
  replay: Map<TranscriptEntry, ChatPart[]>;
}

async function fetchAll(
  bus: Bus,
  attachments: readonly AttachmentRef[],
): Promise<Map<string, Uint8Array | undefined>> {
  const refs = [...new Set(attachments.map((a) => a.ref))];
  const bytes = await Promise.all(refs.map((ref) => getAttachment(bus, ref)));
  return new Map(refs.map((ref, i) => [ref, bytes[i]]));
}

/**
 * Reads the images a turn sends: each batch input's attachments, and those of the most recent
 * image-bearing history entries (with the batch's, {@link REPLAYED_IMAGE_ENTRIES} entries in all).
 * An image no longer stored becomes a note; when no candidate model can see images nothing is read
 * and every batch image is a note saying so (history ones stay "shown earlier").
 */
export async function readTurnImages(
  bus: Bus,
  config: OpenClawConfig,
  candidates: readonly ModelRef[],
  batch: readonly { attachments?: AttachmentRef[] | undefined }[],
  history: readonly TranscriptEntry[],
): Promise<TurnImages> {
  const own = batch.map((input) => input.attachments ?? []);
  if (own.every((a) => a.length === 0) && !history.some((e) => e.attachments?.length))
    return { inputs: own.map(() => []), replay: new Map() };
  if (!candidates.some((c) => acceptsImages(config, c.provider, c.model)))
    return { inputs: own.map((a) => noteParts(a, ImageNote.unseen)), replay: new Map() };
  const slots = Math.max(0, REPLAYED_IMAGE_ENTRIES - own.filter((a) => a.length > 0).length);
  const bearing = visibleEntries(history).filter(
    (e) => e.role === "user" && !e.compaction && e.attachments?.length,
  );
  const replayEntries = slots > 0 ? bearing.slice(-slots) : [];
  const bytes = await fetchAll(bus, [
    ...own.flat(),
    ...replayEntries.flatMap((e) => e.attachments ?? []),
  ]);
  return {
    inputs: own.map((a) => attachmentParts(a, bytes)),
    replay: new Map(replayEntries.map((e) => [e, attachmentParts(e.attachments ?? [], bytes)])),
  };
}
