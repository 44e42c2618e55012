import { LitElement, html, css, svg } from "lit";
import { theme } from "../../styles/theme.js";
import type { ClawAttachmentTray } from "./attachments/attachment-tray.js";
import type { StagedImage } from "./attachments/image-files.js";
import "./attachments/attachment-tray.js";

// A paper clip drawn inline: no icon font or emoji font is needed.
const paperClip = svg`<path d="M16.5 6.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l8.2-8.2a4 4 0 0 0-5.7-5.7L5.6 11.6a6 6 0 0 0 8.5 8.5l6.4-6.4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>`;

/** A message the composer sends: its text and the images staged with it. */
export interface Outgoing {
  text: string;
  images: StagedImage[];
}

/**
 * The chat's composer: the message box (Enter sends, Shift+Enter a new line), the attach button
 * (disabled, with why, when the model cannot see images), pasted images, the staged images above
 * it, and Send — or Queue and Stop while a reply streams. Fires `compose` with an {@link Outgoing}
 * (text, images or both) and `stop`.
 */
export class ClawChatComposer extends LitElement {
  static override properties = {
    connected: { type: Boolean },
    busy: { type: Boolean },
    imageBlock: {},
    maxImageBytes: { type: Number },
    maxPayload: { type: Number },
  };
  static override styles = [
    theme,
    css`
    :host { display: block; min-width: 0; background: var(--bg); }
    form { display: flex; gap: 8px; align-items: flex-end; padding-top: 8px; min-width: 0; }
    button.attach { padding: 0 0.55em; flex: none; display: inline-flex; align-items: center; }
    button.attach svg { width: 20px; height: 20px; display: block; }
    textarea { flex: 1; min-width: 0; resize: none; min-height: 44px; max-height: 40vh; font-family: inherit; font-size: 15px; }
  `,
  ];
  declare connected: boolean;
  declare busy: boolean;
  /** Why images cannot be attached (the session's model takes text only), or undefined. */
  declare imageBlock: string | undefined;
  declare maxImageBytes: number | undefined;
  declare maxPayload: number | undefined;

  constructor() {
    super();
    this.connected = false;
    this.busy = false;
  }

  get #input(): HTMLTextAreaElement {
    return this.renderRoot.querySelector<HTMLTextAreaElement>("#input")!;
  }

  get #tray(): ClawAttachmentTray {
    return this.renderRoot.querySelector<ClawAttachmentTray>("claw-attachment-tray")!;
  }

  /** Stages dropped files (see the tray for what is refused). */
  add(files: readonly File[]): Promise<void> {
    return this.#tray.add(files);
  }

  /**
   * Puts unsent messages back: their texts before what is typed, their images back in the tray,
   * with `message` saying why (e.g. the gateway's refusal).
   */
  giveBack(messages: readonly Outgoing[], message?: string): void {
    if (messages.length === 0) return;
    const input = this.#input;
    input.value = [...messages.map((m) => m.text), input.value.trim()].filter(Boolean).join("\n\n");
    const images = messages.flatMap((m) => m.images);
    if (images.length || message) this.#tray.restore(images, message);
  }

  override render() {
    const blocked = this.imageBlock;
    return html`
      <claw-attachment-tray .blockedReason=${blocked} .maxImageBytes=${this.maxImageBytes} .maxPayload=${this.maxPayload}></claw-attachment-tray>
      <form @submit=${this.#submit}>
        <button type="button" class="attach" data-testid="attach" aria-label=${blocked ? `Attach images: unavailable, ${blocked}` : "Attach images"} title=${blocked ?? "Attach images (PNG, JPEG, GIF or WebP); pasting or dropping them works too"} ?disabled=${!this.connected || blocked !== undefined} @click=${() => this.#tray.pick()}><svg viewBox="0 0 24 24" aria-hidden="true">${paperClip}</svg></button>
        <textarea id="input" rows="2" placeholder="Message your agent (Enter to send, Shift+Enter for a new line)" aria-label="message" @keydown=${this.#onKey} @paste=${(e: ClipboardEvent) => this.#tray.paste(e)} ?disabled=${!this.connected}></textarea>
        ${
          this.busy
            ? html`<button type="submit" ?disabled=${!this.connected} data-testid="queue" title="Send after the reply ends">Queue</button>
                <button type="button" class="danger" @click=${() => this.dispatchEvent(new CustomEvent("stop"))} data-testid="stop">Stop</button>`
            : html`<button class="primary" type="submit" ?disabled=${!this.connected} data-testid="send">Send</button>`
        }
      </form>
    `;
  }

  #onKey = (event: KeyboardEvent) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      this.#submit(event);
    }
  };

  #submit = (event: Event) => {
    event.preventDefault();
    const input = this.#input;
    const text = input.value.trim();
    const tray = this.#tray;
    if (!text && !tray.hasImages) return;
    const images = tray.take(text);
    if (!images) return;
    input.value = "";
    this.dispatchEvent(new CustomEvent<Outgoing>("compose", { detail: { text, images } }));
  };
}
customElements.define("claw-chat-composer", ClawChatComposer);
