import { createHash } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import type { LlmRequestRecord } from "@clawfleet/testkit";

/** A file as the chat's file picker, clipboard or a drop hands it over. */
export interface ImageFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** Picks `files` with the chat's file picker (its hidden `<input type=file>`). */
export async function attachWithPicker(page: Page, files: ImageFile[]): Promise<void> {
  await page.getByTestId("attach-input").setInputFiles(files);
}

/** Pastes `file` into the message box as a browser does for a copied image (a paste event with files). */
export async function pasteImage(page: Page, file: ImageFile): Promise<void> {
  await page.getByLabel("message").evaluate(
    (box, { name, mimeType, data }) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const clipboard = new DataTransfer();
      clipboard.items.add(new File([bytes], name, { type: mimeType }));
      box.dispatchEvent(
        new ClipboardEvent("paste", {
          clipboardData: clipboard,
          bubbles: true,
          cancelable: true,
          composed: true,
        }),
      );
    },
    { name: file.name, mimeType: file.mimeType, data: file.buffer.toString("base64") },
  );
}

/** Drags `file` over the chat log and drops it there, as a file dragged from the desktop. */
export async function dropImage(page: Page, file: ImageFile): Promise<void> {
  await page.getByTestId("chat-log").evaluate(
    (log, { name, mimeType, data }) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: mimeType }));
      const init = { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true };
      log.dispatchEvent(new DragEvent("dragenter", init));
      log.dispatchEvent(new DragEvent("dragover", init));
      log.dispatchEvent(new DragEvent("drop", init));
    },
    { name: file.name, mimeType: file.mimeType, data: file.buffer.toString("base64") },
  );
}

/** The natural widths of the images under `locator` once each has loaded (0: broken). */
export async function loadedWidths(locator: Locator): Promise<number[]> {
  return locator.evaluateAll((images) =>
    Promise.all(
      (images as HTMLImageElement[]).map((img) =>
        img.decode().then(
          () => img.naturalWidth,
          () => 0,
        ),
      ),
    ),
  );
}

/** An image block the model received: its media type and the sha256 of its bytes. */
export interface SeenImage {
  mediaType: string;
  sha256: string;
}

/** The image blocks of the last user message of an Anthropic request, as the model received them. */
export function imagesSeen(request: LlmRequestRecord): SeenImage[] {
  const last = [...request.messages]
    .reverse()
    .find((m) => (m as { role?: string }).role === "user") as { content?: unknown } | undefined;
  if (!Array.isArray(last?.content)) return [];
  return (last.content as Record<string, unknown>[])
    .filter((block) => block["type"] === "image")
    .map((block) => {
      const source = block["source"] as { media_type: string; data: string };
      return {
        mediaType: source.media_type,
        sha256: createHash("sha256").update(Buffer.from(source.data, "base64")).digest("hex"),
      };
    });
}

/** sha256 hex of `bytes`. */
export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** How far the page or the app's main area scrolls sideways (≤ 0: not at all). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const main = document.querySelector("claw-app")!.shadowRoot!.querySelector("main")!;
    return Math.max(
      document.documentElement.scrollWidth - window.innerWidth,
      main.scrollWidth - main.clientWidth,
    );
  });
}
