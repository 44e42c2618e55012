import { LitElement, html, css } from "lit";
import type { GatewayClient } from "../gateway/gateway-client.js";
import type { LoginReply } from "../gateway/wire-types.js";
import { theme } from "../styles/theme.js";
import { errorMessage } from "@clawfleet/core/errors";

/**
 * QR login of one WhatsApp account (`web.login.start`, then `web.login.wait` until linked, showing
 * each new QR as WhatsApp rotates it) and its logout (`channels.logout`); with `channel="signal"`,
 * the link of a signal-cli device (no logout: unlink it from the phone). Fires `changed` when done.
 */
export class ClawWhatsAppLogin extends LitElement {
  static override properties = {
    client: { attribute: false },
    channel: { type: String },
    accountId: { type: String },
    linked: { type: Boolean },
    qr: { state: true },
    message: { state: true },
    busy: { state: true },
  };
  static override styles = [
    theme,
    css`
      img { width: 240px; height: 240px; image-rendering: pixelated; background: #fff; margin: 8px 0; }
    `,
  ];
  declare client: GatewayClient;
  /** `whatsapp` (default) or `signal` (signal-cli device link; no logout here). */
  declare channel: string;
  declare accountId: string;
  declare linked: boolean;
  declare qr: string | undefined;
  declare message: string | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.channel = "whatsapp";
    this.accountId = "default";
    this.linked = false;
    this.busy = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.busy = false;
  }

  override render() {
    return html`
      ${this.qr ? html`<img data-testid="${this.channel}-qr" alt="${this.#app()} QR code" src=${this.qr} />` : ""}
      ${this.message ? html`<div class="muted" role="status">${this.message}</div>` : ""}
      <div class="row">
        ${
          this.linked && this.channel === "signal"
            ? ""
            : this.linked
              ? html`<button ?disabled=${this.busy} @click=${() => this.#logout()}>Log out</button>`
              : html`<button class="primary" ?disabled=${this.busy} @click=${() => this.#login()}>Link with QR</button>`
        }
      </div>
    `;
  }

  async #login(): Promise<void> {
    this.busy = true;
    try {
      let reply = await this.client.request<LoginReply>("web.login.start", {
        channel: this.channel,
        accountId: this.accountId,
      });
      const deadline = Date.now() + 5 * 60_000;
      while (this.busy) {
        this.qr = reply.qrDataUrl ?? this.qr;
        this.message = reply.connected
          ? reply.message
          : `${reply.message} — ${this.channel === "signal" ? "Signal → Settings → Linked devices → +" : "WhatsApp → Settings → Linked devices → Link a device"}`;
        if (reply.connected || (!reply.qrDataUrl && !/still waiting/.test(reply.message))) break;
        if (Date.now() > deadline) break;
        reply = await this.client.request<LoginReply>("web.login.wait", {
          channel: this.channel,
          accountId: this.accountId,
          timeoutMs: 60_000,
        });
      }
      if (reply.connected) {
        this.qr = undefined;
        this.message = reply.message;
      } else if (!reply.qrDataUrl) {
        this.qr = undefined;
        this.message = reply.message;
      }
    } catch (error) {
      this.qr = undefined;
      this.message = errorMessage(error);
    } finally {
      this.busy = false;
      this.dispatchEvent(new CustomEvent("changed"));
    }
  }

  #app(): string {
    return this.channel === "signal" ? "Signal" : "WhatsApp";
  }

  async #logout(): Promise<void> {
    if (!confirm("Unlink this WhatsApp account? You will need to scan a QR again.")) return;
    this.busy = true;
    try {
      const reply = await this.client.request<{ message: string }>("channels.logout", {
        channel: "whatsapp",
        accountId: this.accountId,
      });
      this.message = reply.message;
    } catch (error) {
      this.message = errorMessage(error);
    } finally {
      this.busy = false;
      this.dispatchEvent(new CustomEvent("changed"));
    }
  }
}
customElements.define("claw-whatsapp-login", ClawWhatsAppLogin);
