import { LitElement, html, css } from "lit";
import { GatewayClient, type ConnectionState } from "../gateway/gateway-client.js";
import { storedChatSession, storeChatSession } from "../gateway/chat-session.js";
import { clearToken, gatewayUrl, initialToken, saveToken } from "../gateway/token-store.js";
import { theme } from "../styles/theme.js";
import "./token-form.js";
import "../views/chat-view.js";
import "../views/sessions-view.js";
import "../views/channels-view.js";
import "../views/config-view.js";
import "../views/services-view.js";
import "../views/logs-view.js";
import "../views/workspace-view.js";
import "../views/automations-view.js";
import "../views/usage-view.js";

const TABS = [
  ["chat", "Chat"],
  ["sessions", "Sessions"],
  ["channels", "Channels"],
  ["workspace", "Workspace"],
  ["automations", "Automations"],
  ["usage", "Usage"],
  ["config", "Config"],
  ["services", "Services"],
  ["logs", "Logs"],
] as const;
type Tab = (typeof TABS)[number][0];

/** The Control UI shell: connection state, token prompt, navigation and the active view. */
export class ClawApp extends LitElement {
  static override properties = {
    state: { state: true },
    tab: { state: true },
    sessionKey: { state: true },
  };
  static override styles = [
    theme,
    css`
    :host { display: flex; flex-direction: column; height: 100vh; height: 100dvh; background: var(--bg); }
    header { display: flex; align-items: center; gap: 12px; padding: 8px 16px; border-bottom: 1px solid var(--border); background: var(--panel); position: sticky; top: 0; z-index: 2; flex-wrap: wrap; }
    .brand { font-weight: 600; white-space: nowrap; }
    nav { display: flex; gap: 4px; overflow-x: auto; flex: 1; scrollbar-width: none; }
    nav button { border: none; background: none; padding: 6px 10px; white-space: nowrap; }
    nav button[aria-current="page"] { background: var(--panel-2); border-radius: var(--radius); color: white; }
    main { flex: 1; padding: 16px; width: 100%; max-width: 1100px; margin: 0 auto; display: flex; flex-direction: column; min-height: 0; overflow-y: auto; }
    .status { font-size: 12px; }
    @media (max-width: 640px) {
      header { padding: 6px 8px; gap: 6px; }
      nav { order: 3; flex-basis: 100%; }
      main { padding: 8px; }
    }
  `,
  ];
  declare state: ConnectionState;
  declare tab: Tab;
  declare sessionKey: string | undefined;
  readonly client: GatewayClient;

  constructor() {
    super();
    this.client = new GatewayClient(gatewayUrl(), initialToken());
    this.state = this.client.state;
    this.tab = (location.hash.slice(1) as Tab) || "chat";
    this.sessionKey = storedChatSession();
    this.client.onState((state) => (this.state = state));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.client.start();
    window.addEventListener("hashchange", this.#onHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.client.stop();
    window.removeEventListener("hashchange", this.#onHash);
  }

  #onHash = () => {
    const tab = location.hash.slice(1) as Tab;
    if (TABS.some(([id]) => id === tab)) this.tab = tab;
  };

  override render() {
    const state = this.state;
    if (state.kind === "auth-required")
      return html`<main><claw-token-form .reason=${state.reason} .message=${state.message} @token=${this.#onToken}></claw-token-form></main>`;
    return html`
      <header>
        <span class="brand">🦞 clawfleet</span>
        <nav aria-label="views">
          ${TABS.map(([id, label]) => html`<button aria-current=${this.tab === id ? "page" : "false"} @click=${() => this.#go(id)}>${label}</button>`)}
        </nav>
        ${this.#statusPill()}
      </header>
      <main>
        ${this.#banner()}
        ${this.state.kind === "connected" || this.state.kind === "disconnected" ? this.#view() : html`<p class="muted">Connecting to the gateway…</p>`}
      </main>
    `;
  }

  #statusPill() {
    const s = this.state;
    if (s.kind === "connected")
      return html`<span class="pill ok status" data-testid="connection">connected</span><button title="Forget the token" @click=${this.#logout}>Sign out</button>`;
    if (s.kind === "disconnected")
      return html`<span class="pill err status" data-testid="connection">disconnected</span>`;
    return html`<span class="pill warn status" data-testid="connection">${s.kind === "refused" ? "refused" : "connecting"}</span>`;
  }

  #banner() {
    const s = this.state;
    if (s.kind === "disconnected") {
      return html`<div class="banner error" role="status" data-testid="disconnected">${s.message}. Reconnecting in ${Math.ceil(s.retryInMs / 1000)} s… <button @click=${() => this.client.start()}>Retry now</button></div>`;
    }
    if (s.kind === "refused")
      return html`<div class="banner error" role="alert">The gateway refused the connection: ${s.message}</div>`;
    return "";
  }

  #view() {
    const client = this.client;
    const hello = this.state.kind === "connected" ? this.state.hello : undefined;
    const mainKey = hello?.snapshot.sessionDefaults?.mainSessionKey ?? "agent:main:main";
    switch (this.tab) {
      case "chat":
        return html`<claw-chat .client=${client} .connected=${!!hello} .sessionKey=${this.sessionKey ?? mainKey} .mainKey=${mainKey} @open-session=${this.#openSession}></claw-chat>`;
      case "sessions":
        return html`<claw-sessions .client=${client} .connected=${!!hello} @open-session=${this.#openSession}></claw-sessions>`;
      case "channels":
        return html`<claw-channels .client=${client} .connected=${!!hello}></claw-channels>`;
      case "workspace":
        return html`<claw-workspace .client=${client} .connected=${!!hello}></claw-workspace>`;
      case "automations":
        return html`<claw-automations .client=${client} .connected=${!!hello}></claw-automations>`;
      case "usage":
        return html`<claw-usage .client=${client} .connected=${!!hello}></claw-usage>`;
      case "config":
        return html`<claw-config .client=${client} .connected=${!!hello}></claw-config>`;
      case "services":
        return html`<claw-services .client=${client} .connected=${!!hello}></claw-services>`;
      case "logs":
        return html`<claw-logs .client=${client} .connected=${!!hello}></claw-logs>`;
    }
  }

  #go(tab: Tab) {
    this.tab = tab;
    history.replaceState(history.state, "", `#${tab}`);
  }

  #openSession = (event: CustomEvent<string>) => {
    this.sessionKey = event.detail;
    storeChatSession(event.detail);
    this.#go("chat");
  };

  #onToken = (event: CustomEvent<string>) => {
    saveToken(event.detail);
    this.client.useToken(event.detail);
  };

  #logout = () => {
    clearToken();
    this.client.useToken(undefined);
  };
}
customElements.define("claw-app", ClawApp);
