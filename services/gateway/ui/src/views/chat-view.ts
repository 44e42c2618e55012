import { LitElement, html, css, type PropertyValues } from "lit";
import type { GatewayClient } from "../gateway/gateway-client.js";
import type { ChatEventPayload } from "../gateway/wire-types.js";
import { markdownStyles } from "../markdown/markdown-styles.js";
import { renderMarkdown } from "../markdown/render-markdown.js";
import { theme } from "../styles/theme.js";

interface ChatMessage {
  role: string;
  text: string;
  runIds?: string[];
  state?: "streaming" | "done" | "error" | "aborted";
  error?: string;
}

/** A `chat.history` message as the chat reads it (a failed reply has `stopReason: "error"`). */
interface HistoryMessage {
  role: string;
  text: string;
  runId?: string;
  stopReason?: string;
  errorMessage?: string;
}

/** The user messages and replies of a history page, a failed reply shown as its error. */
function historyToMessages(history: HistoryMessage[]): ChatMessage[] {
  return history
    .filter((m) => m.role === "user" || m.role === "assistant")
    .map((m) => {
      const runIds = m.runId ? [m.runId] : [];
      if (m.stopReason === "error")
        return { role: m.role, text: "", state: "error", error: m.errorMessage ?? m.text, runIds };
      return { role: m.role, text: m.text, state: "done", runIds };
    });
}

/** Chat with an agent session: history, streamed replies, Stop, and clear notices when no model or agent can answer. */
export class ClawChat extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    sessionKey: {},
    messages: { state: true },
    banner: { state: true },
    notice: { state: true },
    activeRunId: { state: true },
    sending: { state: true },
  };
  static override styles = [
    theme,
    markdownStyles,
    css`
    :host { display: flex; flex-direction: column; flex: 1; min-height: 0; }
    .log { flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 10px; padding: 4px 0 12px; min-height: 200px; }
    .msg { max-width: 85%; min-width: 0; padding: 8px 12px; border-radius: 12px; overflow-wrap: anywhere; line-height: 1.4; }
    .msg.user { white-space: pre-wrap; }
    .msg.user { align-self: flex-end; background: #2b3a55; }
    .msg.assistant { align-self: flex-start; background: var(--panel-2); border: 1px solid var(--border); }
    .msg.assistant[data-state="streaming"]::after { content: "▍"; animation: blink 1s steps(2) infinite; }
    .msg .err { color: var(--err); display: block; margin-top: 4px; font-size: 13px; }
    @keyframes blink { 50% { opacity: 0; } }
    form { display: flex; gap: 8px; align-items: flex-end; position: sticky; bottom: 0; background: var(--bg); padding-top: 8px; }
    textarea { flex: 1; resize: none; min-height: 44px; max-height: 40vh; font-family: inherit; font-size: 15px; }
    .head { display: flex; justify-content: space-between; gap: 8px; align-items: center; margin-bottom: 8px; flex-wrap: wrap; }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare sessionKey: string;
  declare messages: ChatMessage[];
  declare banner: { kind: "warn" | "error"; text: string } | undefined;
  declare notice: string | undefined;
  declare activeRunId: string | undefined;
  declare sending: boolean;
  #off: (() => void) | undefined;
  // Scroll to the newest message after the next render (set on open and while at the end).
  #follow = true;
  // Runs that already ended: a fast reply can finish before chat.send's answer arrives.
  readonly #finished = new Set<string>();
  // Runs the user stopped: their final answer is the partial text, shown as stopped.
  readonly #stopped = new Set<string>();

  constructor() {
    super();
    this.messages = [];
    this.connected = false;
    this.sessionKey = "agent:main:main";
    this.sending = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#off = this.client.on<ChatEventPayload>("chat", (payload) => this.#onChat(payload));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#off?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Follow new text only when the reader is at the end; someone scrolled up to read stays put.
    const log = this.renderRoot.querySelector(".log");
    if (changed.has("messages") && log)
      this.#follow ||= log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has("connected") || changed.has("sessionKey")) && this.connected)
      void this.#load();
    if (changed.has("messages") && this.#follow) {
      this.#follow = false;
      const log = this.renderRoot.querySelector(".log");
      log?.scrollTo({ top: log.scrollHeight });
    }
  }

  async #load(): Promise<void> {
    this.banner = undefined;
    try {
      const models = await this.client.request<{ problem?: string }>("models.list");
      if (models.problem)
        this.banner = { kind: "warn", text: `No model configured: ${models.problem}` };
    } catch (error) {
      this.banner = {
        kind: "error",
        text: `The agents can't answer right now: ${(error as Error).message}`,
      };
    }
    try {
      const history = await this.client.request<{
        messages: HistoryMessage[];
      }>("chat.history", { sessionKey: this.sessionKey, limit: 200 });
      const streaming = this.messages.filter((m) => m.state === "streaming");
      this.#follow = true;
      this.messages = [...historyToMessages(history.messages), ...streaming];
    } catch {
      // The banner above already says why; keep what is on screen.
    }
  }

  #onChat(event: ChatEventPayload): void {
    if (event.sessionKey !== this.sessionKey) return;
    const runIds = event.runIds?.length ? event.runIds : [event.runId];
    const messages = [...this.messages];
    let index = messages.findIndex(
      (m) => m.role === "assistant" && m.runIds?.some((id) => runIds.includes(id)),
    );
    if (index < 0) {
      messages.push({ role: "assistant", text: "", runIds, state: "streaming" });
      index = messages.length - 1;
    }
    const current = { ...messages[index]! };
    const whole = event.message?.content.map((c) => c.text).join("");
    if (event.state === "delta") {
      current.text = event.replace
        ? (whole ?? event.deltaText ?? "")
        : (whole ?? current.text + (event.deltaText ?? ""));
      current.state = "streaming";
    } else if (event.state === "final") {
      current.text = whole ?? current.text;
      current.state = runIds.some((id) => this.#stopped.has(id)) ? "aborted" : "done";
      if (current.state === "aborted") current.error = "stopped";
      else if (!current.text) current.text = "(no reply)";
    } else if (event.state === "error") {
      current.state = "error";
      current.error = event.errorMessage ?? "the run failed";
    } else {
      current.state = "aborted";
      current.error = "stopped";
    }
    messages[index] = current;
    this.messages = messages;
    if (event.state !== "delta") {
      for (const id of runIds) this.#finished.add(id);
      if (this.activeRunId && runIds.includes(this.activeRunId)) this.activeRunId = undefined;
    }
  }

  override render() {
    return html`
      <div class="head">
        <span class="muted mono" title="session">${this.sessionKey}</span>
        ${this.notice ? html`<span class="pill warn">${this.notice}</span>` : ""}
      </div>
      ${this.banner ? html`<div class="banner ${this.banner.kind}" role="status" data-testid="chat-banner">${this.banner.text}</div>` : ""}
      <div class="log" data-testid="chat-log" aria-live="polite">
        ${this.messages.length === 0 ? html`<p class="muted">Say hello to your agent.</p>` : ""}
        ${this.messages.map((m) => html`<div class="msg ${m.role}" data-state=${m.state ?? "done"} data-testid="msg-${m.role}">${m.role === "assistant" ? html`<div class="md">${renderMarkdown(m.text)}</div>` : m.text}${m.error ? html`<span class="err">${m.error}</span>` : ""}</div>`)}
      </div>
      <form @submit=${this.#send}>
        <textarea id="input" rows="2" placeholder="Message your agent (Enter to send, Shift+Enter for a new line)" aria-label="message" @keydown=${this.#onKey} ?disabled=${!this.connected}></textarea>
        ${
          this.activeRunId
            ? html`<button type="button" class="danger" @click=${this.#stop} data-testid="stop">Stop</button>`
            : html`<button class="primary" type="submit" ?disabled=${!this.connected || this.sending} data-testid="send">Send</button>`
        }
      </form>
    `;
  }

  #onKey(event: KeyboardEvent) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      void this.#send(event);
    }
  }

  async #send(event: Event) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLTextAreaElement>("#input")!;
    const text = input.value.trim();
    if (!text || this.sending) return;
    this.sending = true;
    this.notice = undefined;
    const idempotencyKey = crypto.randomUUID();
    this.#follow = true;
    this.messages = [...this.messages, { role: "user", text, state: "done" }];
    this.activeRunId = idempotencyKey;
    input.value = "";
    try {
      const ack = await this.client.request<{ runId: string; warning?: string }>("chat.send", {
        sessionKey: this.sessionKey,
        message: text,
        idempotencyKey,
      });
      this.activeRunId = this.#finished.has(ack.runId) ? undefined : ack.runId;
      if (ack.warning) this.notice = ack.warning;
    } catch (error) {
      this.activeRunId = undefined;
      this.messages = [
        ...this.messages,
        {
          role: "assistant",
          text: "",
          state: "error",
          error: `not sent: ${(error as Error).message}`,
        },
      ];
      input.value = text;
    } finally {
      this.sending = false;
    }
  }

  async #stop() {
    const runId = this.activeRunId;
    if (runId) this.#stopped.add(runId);
    try {
      await this.client.request("chat.abort", { sessionKey: this.sessionKey, runId });
    } finally {
      this.activeRunId = undefined;
    }
  }
}
customElements.define("claw-chat", ClawChat);
