import { LitElement, html, css } from "lit";
import { theme } from "../../../styles/theme.js";
import {
  IMAGE_MIME_TYPES,
  MAX_IMAGES_PER_MESSAGE,
  formatSize,
  payloadRefusal,
  stageImage,
  typeRefusal,
  type StagedImage,
} from "./image-files.js";
import { errorMessage } from "@clawfleet/core/errors";

/**
 * The images staged above the chat composer: picked with the attach button's file picker, pasted
 * or dropped; each a thumbnail with a remove control, and the refusal next to one too big to send.
 * Refusals that stage nothing (not an image, too many, a model that cannot see images) show as one
 * line above the thumbnails. The chat takes the staged images when it sends ({@link take}).
 */
export class ClawAttachmentTray extends LitElement {
  static override properties = {
    blockedReason: {},
    maxImageBytes: { type: Number },
    images: { state: true },
    message: { state: true },
  };
  static override styles = [
    theme,
    css`
    :host { display: block; min-width: 0; }
    input[type="file"] { display: none; }
    .thumbs { display: flex; flex-wrap: wrap; gap: 8px; padding-top: 8px; min-width: 0; }
    figure { margin: 0; position: relative; display: flex; flex-direction: column; gap: 4px; width: 96px; min-width: 0; }
    figure img { width: 96px; height: 72px; object-fit: cover; border-radius: var(--radius); border: 1px solid var(--border); display: block; }
    figure[data-refused] img { border-color: var(--err); opacity: 0.6; }
    figcaption { font-size: 12px; color: var(--muted); overflow-wrap: anywhere; line-height: 1.25; }
    .refusal { color: var(--err); }
    button.remove { position: absolute; top: -6px; right: -6px; width: 28px; height: 28px; min-height: 28px; padding: 0; border-radius: 50%; background: var(--panel); line-height: 1; font-size: 14px; }
    .message { color: var(--err); font-size: 13px; padding-top: 8px; overflow-wrap: anywhere; }
  `,
  ];
  /** Why images cannot be attached now (the model takes text only), or undefined when they can. */
  declare blockedReason: string | undefined;
  /** `hello-ok.policy.attachments.maxImageBytes` (undefined: the gateway did not say; it decides). */
  declare maxImageBytes: number | undefined;
  /** `hello-ok.policy.maxPayload`: one message's frame must fit. */
  maxPayload: number | undefined;
  declare images: StagedImage[];
  declare message: string | undefined;
  #reading = 0;

  constructor() {
    super();
    this.images = [];
  }

  /** Whether an image is staged (a message may then be images only). */
  get hasImages(): boolean {
    return this.images.length > 0 || this.#reading > 0;
  }

  /** Opens the file picker (images only). */
  pick(): void {
    this.renderRoot.querySelector<HTMLInputElement>("input[type=file]")?.click();
  }

  /** Stages image files from the clipboard; a paste without files goes on as text. */
  paste(event: ClipboardEvent): void {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (files.length === 0) return;
    event.preventDefault();
    void this.add(files);
  }

  /** Checks and stages `files`; what cannot be attached is said, nothing of it staged. */
  async add(files: readonly File[]): Promise<void> {
    this.message = undefined;
    if (this.blockedReason) {
      this.message = `Not attached: ${this.blockedReason}`;
      return;
    }
    const refusals: string[] = [];
    const accepted: File[] = [];
    for (const file of files) {
      const refusal = typeRefusal(file.name || "the pasted file", file.type);
      if (refusal) refusals.push(refusal);
      else accepted.push(file);
    }
    const room = MAX_IMAGES_PER_MESSAGE - this.images.length - this.#reading;
    if (accepted.length > room) {
      refusals.push(
        `a message carries up to ${MAX_IMAGES_PER_MESSAGE} images: ${accepted.length - Math.max(room, 0)} not attached`,
      );
      accepted.splice(Math.max(room, 0));
    }
    if (refusals.length) this.message = refusals.join("; ");
    this.#reading += accepted.length;
    try {
      const staged = await Promise.all(
        accepted.map(async (file) => ({
          ...(await stageImage(file, this.maxImageBytes)),
          previewUrl: URL.createObjectURL(file),
        })),
      );
      this.images = [...this.images, ...staged];
    } catch (error) {
      this.message = `Not attached: ${errorMessage(error)}`;
    } finally {
      this.#reading -= accepted.length;
    }
  }

  /**
   * The staged images for a message with `text`, the tray emptied; undefined (and the reason shown)
   * when one is refused, the whole would not fit a frame, or files are still being read.
   */
  take(text: string): StagedImage[] | undefined {
    if (this.#reading > 0) {
      this.message = "The images are still being read: send again in a moment";
      return undefined;
    }
    const refused = this.images.find((image) => image.refusal);
    if (refused) {
      this.message = `Not sent: ${refused.refusal}. Remove it to send the message.`;
      return undefined;
    }
    const tooBig = payloadRefusal(this.images, text, this.maxPayload);
    if (tooBig) {
      this.message = `Not sent: ${tooBig}`;
      return undefined;
    }
    const images = this.images;
    this.images = [];
    this.message = undefined;
    return images;
  }

  /** Puts images of a message that was not sent back in front, with the reason it was not. */
  restore(images: readonly StagedImage[], message?: string): void {
    this.images = [...images, ...this.images];
    this.message = message;
  }

  override render() {
    return html`
      <input type="file" accept=${IMAGE_MIME_TYPES.join(",")} multiple data-testid="attach-input" aria-label="image files" @change=${this.#picked} />
      ${this.message ? html`<div class="message" role="alert" data-testid="attach-message">${this.message}</div>` : ""}
      ${
        this.images.length
          ? html`<div class="thumbs" data-testid="staged-images">
              ${this.images.map(
                (
                  image,
                ) => html`<figure data-testid="staged-image" ?data-refused=${image.refusal !== undefined}>
                  <img src=${image.previewUrl ?? ""} alt=${image.fileName} />
                  <figcaption>${image.fileName} · ${formatSize(image.size)}${image.refusal ? html`<br /><span class="refusal" data-testid="staged-refusal">${image.refusal}</span>` : ""}</figcaption>
                  <button type="button" class="remove" aria-label="Remove ${image.fileName}" title="Remove ${image.fileName}" data-testid="remove-image" @click=${() => this.#remove(image)}>✕</button>
                </figure>`,
              )}
            </div>`
          : ""
      }
    `;
  }

  #picked = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    // The same file picked again after a removal must fire change again.
    input.value = "";
    void this.add(files);
  };

  #remove(image: StagedImage): void {
    if (image.previewUrl) URL.revokeObjectURL(image.previewUrl);
    this.images = this.images.filter((i) => i.id !== image.id);
    if (!this.images.some((i) => i.refusal)) this.message = undefined;
  }
}
customElements.define("claw-attachment-tray", ClawAttachmentTray);
