import { LitElement, html, css, type PropertyValues } from "lit";
import type { GatewayClient } from "../gateway/gateway-client.js";
import type {
  ChannelsStatusPayload,
  PairingListPayload,
  PairingRequest,
} from "../gateway/wire-types.js";
import { ago, theme } from "../styles/theme.js";
import "./whatsapp-login-panel.js";
import { errorMessage } from "@clawfleet/core/errors";

/** Channel accounts (connected, holder, last error, activity) and pending DM pairing requests to approve. */
export class ClawChannels extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    status: { state: true },
    pairing: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  static override styles = [
    theme,
    css`
    .grid { display: grid; gap: 8px; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); margin-bottom: 20px; }
    table { width: 100%; border-collapse: collapse; }
    td, th { text-align: left; padding: 6px 4px; border-bottom: 1px solid var(--border); }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare status: ChannelsStatusPayload | undefined;
  declare pairing: PairingRequest[];
  declare error: string | undefined;
  declare notice: string | undefined;

  constructor() {
    super();
    this.connected = false;
    this.pairing = [];
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("connected") && this.connected) void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.status = await this.client.request<ChannelsStatusPayload>("channels.status", {});
      this.pairing = (
        await this.client.request<PairingListPayload>("channels.pairing.list", {})
      ).requests;
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  override render() {
    const status = this.status;
    return html`
      <div class="row" style="justify-content: space-between"><h2>Channels</h2><button @click=${() => this.#load()}>Refresh</button></div>
      ${this.error ? html`<div class="banner error" role="alert">${this.error}</div>` : ""}
      ${this.notice ? html`<div class="banner ok" role="status">${this.notice}</div>` : ""}
      ${status && status.channelOrder.length === 0 ? html`<p class="muted">No channel is configured. Add <code>channels.discord</code>, <code>channels.telegram</code>, <code>channels.whatsapp</code>, <code>channels.slack</code> or <code>channels.signal</code> in the config.</p>` : ""}
      <div class="grid">
        ${status?.channelOrder.flatMap((id) =>
          (status.channelAccounts[id] ?? []).map(
            (a) => html`
          <div class="panel" data-testid="channel-account">
            <div class="row" style="justify-content: space-between">
              <strong>${status.channelLabels[id] ?? id}${a.accountId === "default" ? "" : ` · ${a.accountId}`}</strong>
              <span class="pill ${a.connected ? "ok" : a.enabled ? "err" : "warn"}">${a.connected ? "connected" : a.enabled ? "not connected" : "disabled"}</span>
            </div>
            ${a.botName ? html`<div>${a.botName}</div>` : ""}
            <div class="muted">${a.mode ?? ""} ${a.holder ? `· held by ${a.holder}` : ""}</div>
            <div class="muted">in ${ago(a.lastInboundAt)} · out ${ago(a.lastOutboundAt)}</div>
            ${
              a.lastError && a.lastErrorResolved
                ? html`<div class="muted" data-testid="resolved-error">last error ${ago(a.lastErrorAt)}, before it reconnected: ${a.lastError}</div>`
                : a.lastError
                  ? html`<div class="banner error" data-testid="account-error">${a.lastError}</div>`
                  : ""
            }
            ${
              (id === "whatsapp" || (id === "signal" && !a.connected)) && a.holder
                ? html`<claw-whatsapp-login .client=${this.client} channel=${id} accountId=${a.accountId} ?linked=${a.connected} @changed=${() => this.#load()}></claw-whatsapp-login>`
                : ""
            }
          </div>`,
          ),
        )}
      </div>
      <h2>Pairing requests</h2>
      ${
        this.pairing.length === 0
          ? html`<p class="muted">No one is waiting. Unknown DM senders get a code; approve it here.</p>`
          : html`
        <table>
          <thead><tr><th>Channel</th><th>Sender</th><th>Code</th><th>Expires</th><th></th></tr></thead>
          <tbody>
            ${this.pairing.map(
              (p) => html`<tr data-testid="pairing">
              <td>${p.channel}${p.accountId === "default" ? "" : ` · ${p.accountId}`}</td>
              <td>${p.senderName ?? p.senderId}</td>
              <td class="mono">${p.code}</td>
              <td>${new Date(p.expiresAt).toLocaleTimeString()}</td>
              <td><button class="primary" @click=${() => this.#approve(p)}>Approve</button></td>
            </tr>`,
            )}
          </tbody>
        </table>`
      }
    `;
  }

  async #approve(request: PairingRequest) {
    try {
      await this.client.request("channels.pairing.approve", {
        channel: request.channel,
        code: request.code,
        accountId: request.accountId,
        notify: true,
      });
      this.notice = `Approved ${request.senderName ?? request.senderId} on ${request.channel}.`;
      await this.#load();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }
}
customElements.define("claw-channels", ClawChannels);
