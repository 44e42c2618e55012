import { LitElement, html, css } from "lit";
import { theme } from "../styles/theme.js";

/** Asks for the gateway token (paste), explaining where it comes from; fires `token` with the value. */
export class ClawTokenForm extends LitElement {
  static override properties = { message: {}, reason: {} };
  static override styles = [
    theme,
    css`
    form { max-width: 460px; margin: 8vh auto 0; display: grid; gap: 12px; }
    input { width: 100%; }
  `,
  ];
  declare message: string;
  declare reason: string;

  constructor() {
    super();
    this.message = "";
    this.reason = "missing";
  }

  override render() {
    const title =
      this.reason === "wrong"
        ? "Wrong gateway token"
        : this.reason === "rate-limited"
          ? "Too many attempts"
          : "Connect to your gateway";
    return html`
      <form class="panel" @submit=${this.#submit}>
        <h2>${title}</h2>
        ${this.reason === "missing" ? "" : html`<div class="banner error" role="alert">${this.message}</div>`}
        <label for="token">Paste the gateway token — the value of <code>OPENCLAW_GATEWAY_TOKEN</code> (on Fly: the secret you set with <code>fly secrets set</code>).</label>
        <input id="token" name="token" type="password" autocomplete="current-password" placeholder="gateway token" required />
        <div class="row"><button class="primary" type="submit">Connect</button></div>
      </form>
    `;
  }

  #submit(event: Event) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>("#token");
    const token = input?.value.trim();
    if (token)
      this.dispatchEvent(
        new CustomEvent("token", { detail: token, bubbles: true, composed: true }),
      );
  }
}
customElements.define("claw-token-form", ClawTokenForm);
