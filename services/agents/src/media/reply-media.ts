import { MAX_ATTACHMENTS, putAttachment, type AttachmentRef, type Bus } from "@clawfleet/bus";
import { errorMessage, sniffImageType } from "@clawfleet/core";
import { parseMediaLines } from "../domain/conversation/media-lines.js";
import {
  classifyMediaReference,
  type MediaTarget,
} from "../domain/conversation/media-reference.js";
import { FetchRefusedError, safeFetch, type SafeFetchOptions } from "../tools/safe-fetch.js";
import type { WorkspaceStore } from "../workspace/workspace-store.js";

/** Time a reply's image download may take. */
const FETCH_TIMEOUT_MS = 20_000;

/** Resolver, address policy and trusted CAs of media downloads (default: the system's, the strict policy). */
export type MediaNetwork = Pick<SafeFetchOptions, "resolve" | "blockedReason" | "ca">;

/** What resolving a reply's media uses: the bus (attachments store), the workspace, the network policy. */
export interface ReplyMediaDeps {
  bus: Bus;
  workspace: Pick<WorkspaceStore, "read">;
  network?: MediaNetwork;
}

/** A final reply with its `MEDIA:` lines turned into stored images (and notes for those that could not be). */
export interface ReplyWithMedia {
  /** The reply without its `MEDIA:` lines, with a note per reference that could not be attached. */
  text: string;
  /** The stored images, in the order the lines named them. */
  attachments: AttachmentRef[];
}

/** Why a reference cannot be attached (a short phrase for the note). */
class NotAttachable extends Error {
  override name = "NotAttachable";
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}

async function download(
  url: string,
  maxBytes: number,
  network: MediaNetwork,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  try {
    const page = await safeFetch(url, {
      maxBytes,
      timeoutMs: FETCH_TIMEOUT_MS,
      maxRedirects: 3,
      headers: { accept: "image/png,image/jpeg,image/gif,image/webp;q=0.9,*/*;q=0.1" },
      ...network,
      ...(signal ? { signal } : {}),
    });
    if (page.status !== 200) throw new NotAttachable(`the server answered HTTP ${page.status}`);
    if (page.truncated) throw new NotAttachable(`larger than ${megabytes(maxBytes)}`);
    if (!page.url.startsWith("https:"))
      throw new NotAttachable("it redirects to a link that is not https");
    return page.body;
  } catch (error) {
    if (error instanceof NotAttachable || error instanceof FetchRefusedError) throw error;
    const e = error as Error;
    if (e.name === "TimeoutError" || e.name === "AbortError")
      throw new NotAttachable(`no answer within ${FETCH_TIMEOUT_MS / 1000} s`);
    throw new NotAttachable(`download failed (${errorMessage(error)})`);
  }
}

async function bytesOf(
  deps: ReplyMediaDeps,
  target: Exclude<MediaTarget, { kind: "invalid" }>,
  agentId: string,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (target.kind === "url") return download(target.url, maxBytes, deps.network ?? {}, signal);
  const record = await deps.workspace.read(agentId, target.path);
  if (!record) throw new NotAttachable("no such file in the agent's workspace");
  // Workspace files are text; an image there is only what its bytes say it is.
  const bytes = Buffer.from(record.content, "utf8");
  if (bytes.length > maxBytes) throw new NotAttachable(`larger than ${megabytes(maxBytes)}`);
  return bytes;
}

/**
 * Turns the standalone `MEDIA:` lines of a final reply into images in the `attachments` store: an
 * https link is downloaded through the SSRF guard (size and time capped), a workspace path is read
 * from the workspace; only PNG, JPEG, GIF or WebP bytes are kept. Each reference that cannot be
 * attached leaves a short note in the text ("(could not attach chart.png: …)") — never a silent drop.
 */
export async function resolveReplyMedia(
  deps: ReplyMediaDeps,
  request: { agentId: string; reply: string; maxBytes: number; signal?: AbortSignal },
): Promise<ReplyWithMedia> {
  const parsed = parseMediaLines(request.reply);
  if (parsed.references.length === 0) return { text: request.reply, attachments: [] };
  const attachments: AttachmentRef[] = [];
  const notes: string[] = [];
  for (const reference of parsed.references) {
    const target = classifyMediaReference(reference, request.agentId);
    try {
      if (target.kind === "invalid") throw new NotAttachable(target.reason);
      if (attachments.length >= MAX_ATTACHMENTS)
        throw new NotAttachable(`a reply carries at most ${MAX_ATTACHMENTS} images`);
      const bytes = await bytesOf(deps, target, request.agentId, request.maxBytes, request.signal);
      const mimeType = sniffImageType(bytes);
      if (!mimeType) throw new NotAttachable("it is not a PNG, JPEG, GIF or WebP image");
      const stored = await putAttachment(deps.bus, { bytes, mimeType, fileName: target.label });
      if (!attachments.some((a) => a.ref === stored.ref)) attachments.push(stored);
    } catch (error) {
      // A stopped turn stops here; anything else (a full store too) is said in the reply.
      if (request.signal?.aborted) throw error;
      notes.push(`(could not attach ${target.label}: ${errorMessage(error)})`);
    }
  }
  const text = [parsed.text, ...notes].filter((part) => part.length > 0).join("\n\n");
  return { text, attachments };
}
