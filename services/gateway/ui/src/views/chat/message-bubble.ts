import { html, css, nothing } from "lit";
import type { GatewayClient } from "../../gateway/gateway-client.js";
import { renderMarkdown } from "../../markdown/render-markdown.js";
import type { ChatImage } from "./attachments/history-images.js";
import type { ChatMessage } from "./chat-messages.js";
import "./attachments/chat-image.js";

/** Where a bubble's images come from: the client and session `artifacts.download` reads them for. */
export interface BubbleContext {
  client: GatewayClient;
  sessionKey: string;
}

/** The look of chat bubbles (joined to the chat view's styles). */
export const bubbleStyles = css`
  .msg { max-width: 85%; min-width: 0; padding: 8px 12px; border-radius: 12px; overflow-wrap: anywhere; line-height: 1.4; }
  .msg.user { white-space: pre-wrap; align-self: flex-end; background: #2b3a55; }
  .msg.user[data-state="queued"] { opacity: 0.7; border: 1px dashed var(--muted); }
  .msg .tag { display: block; margin-top: 4px; font-size: 12px; color: var(--muted); }
  .msg.assistant { align-self: flex-start; background: var(--panel-2); border: 1px solid var(--border); }
  .msg.assistant[data-state="streaming"]::after { content: "▍"; animation: blink 1s steps(2) infinite; }
  .msg .err { color: var(--err); display: block; margin-top: 4px; font-size: 13px; }
  .msg .images { display: flex; flex-wrap: wrap; gap: 6px; white-space: normal; min-width: 0; }
  .msg .text + .images { margin-top: 6px; }
  @keyframes blink { 50% { opacity: 0; } }
`;

/** A bubble's images as thumbnails (nothing when it has none). */
export function renderImages(images: readonly ChatImage[] | undefined, context: BubbleContext) {
  if (!images?.length) return nothing;
  return html`<div class="images" data-testid="msg-images">${images.map((image) => html`<claw-chat-image .client=${context.client} .sessionKey=${context.sessionKey} .image=${image}></claw-chat-image>`)}</div>`;
}

/** One message of the log: Markdown for replies, the user's text as written, images, error or stop mark. */
export function renderBubble(m: ChatMessage, context: BubbleContext) {
  const body =
    m.role === "assistant"
      ? html`<div class="md">${renderMarkdown(m.text)}</div>`
      : m.text
        ? html`<span class="text">${m.text}</span>`
        : nothing;
  return html`<div class="msg ${m.role}" data-state=${m.state ?? "done"} data-testid="msg-${m.role}">${body}${renderImages(m.images, context)}${m.error ? html`<span class="err">${m.error}</span>` : ""}</div>`;
}

/** A message waiting for the reply to end, with its images. */
export function renderQueued(
  message: { text: string; images: readonly { previewUrl?: string; fileName: string }[] },
  context: BubbleContext,
) {
  const images = message.images.map((i) => ({ url: i.previewUrl ?? "", alt: i.fileName }));
  return html`<div class="msg user" data-state="queued" data-testid="msg-user">${message.text ? html`<span class="text">${message.text}</span>` : nothing}${renderImages(images, context)}<span class="tag">queued: sent when the reply ends</span></div>`;
}
