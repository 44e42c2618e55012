import { LitElement, html, css, type PropertyValues } from "lit";
import type { GatewayClient } from "../../../gateway/gateway-client.js";
import { theme } from "../../../styles/theme.js";
import { artifactImage, type ArtifactImage } from "./artifact-images.js";
import type { ChatImage } from "./history-images.js";

/**
 * One image of a chat bubble as a bounded thumbnail; a click (or Enter) opens it full size in an
 * overlay with a link to open it in a new tab. A history image is downloaded with
 * `artifacts.download` (cached per artifact); one the gateway no longer stores shows a placeholder.
 */
export class ClawChatImage extends LitElement {
  static override properties = {
    client: { attribute: false },
    sessionKey: {},
    image: { attribute: false },
    loaded: { state: true },
    open: { state: true },
  };
  static override styles = [
    theme,
    css`
    :host { display: inline-block; max-width: 100%; }
    button.thumb { padding: 0; border: 1px solid var(--border); background: var(--bg); min-height: 0; display: block; line-height: 0; overflow: hidden; }
    button.thumb img { display: block; max-width: min(200px, 55vw); max-height: 160px; }
    .placeholder { display: inline-block; padding: 10px 12px; border: 1px dashed var(--muted); border-radius: var(--radius); font-size: 13px; color: var(--muted); white-space: normal; }
    .viewer { position: fixed; inset: 0; z-index: 100; background: rgba(0, 0, 0, 0.85); display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 10px; padding: 16px; }
    .viewer img { max-width: 100%; max-height: calc(100% - 60px); object-fit: contain; }
    .viewer .bar { display: flex; gap: 12px; align-items: center; }
    .viewer a { color: var(--text); }
  `,
  ];
  declare client: GatewayClient;
  declare sessionKey: string;
  declare image: ChatImage;
  declare loaded: ArtifactImage | undefined;
  declare open: boolean;

  constructor() {
    super();
    this.open = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("keydown", this.#onKey);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("image") && !this.image.url && this.image.artifactId) void this.#load();
  }

  async #load(): Promise<void> {
    const artifactId = this.image.artifactId!;
    this.loaded = undefined;
    const loaded = await artifactImage(this.client, this.sessionKey, artifactId);
    if (this.image.artifactId === artifactId) this.loaded = loaded;
  }

  get #url(): string | undefined {
    if (this.image.url) return this.image.url;
    return this.loaded?.kind === "ready" ? this.loaded.url : undefined;
  }

  override render() {
    const url = this.#url;
    if (!url) {
      const loaded = this.loaded;
      const text =
        loaded?.kind === "gone"
          ? `${this.image.alt}: image no longer stored`
          : loaded?.kind === "failed"
            ? `${this.image.alt}: image not loaded (${loaded.message})`
            : `loading ${this.image.alt}…`;
      return html`<span class="placeholder" data-testid="chat-image-missing" data-state=${loaded?.kind ?? "loading"}>${text}</span>`;
    }
    return html`
      <button type="button" class="thumb" data-testid="chat-image" title="Open ${this.image.alt}" @click=${this.#show}>
        <img src=${url} alt=${this.image.alt} />
      </button>
      ${
        this.open
          ? html`<div class="viewer" role="dialog" aria-label=${this.image.alt} data-testid="image-viewer" @click=${this.#hide}>
              <img src=${url} alt=${this.image.alt} @click=${(e: Event) => e.stopPropagation()} />
              <div class="bar">
                <a href=${url} target="_blank" rel="noopener" @click=${(e: Event) => e.stopPropagation()}>Open in a new tab</a>
                <button type="button" data-testid="image-viewer-close" @click=${this.#hide}>Close</button>
              </div>
            </div>`
          : ""
      }
    `;
  }

  #show = () => {
    this.open = true;
    document.addEventListener("keydown", this.#onKey);
  };

  #hide = () => {
    this.open = false;
    document.removeEventListener("keydown", this.#onKey);
  };

  #onKey = (event: KeyboardEvent) => {
    if (event.key === "Escape") this.#hide();
  };
}
customElements.define("claw-chat-image", ClawChatImage);
