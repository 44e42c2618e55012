import { LitElement, html, css, type PropertyValues } from "lit";
import { chatStallMs } from "../gateway/chat-settings.js";
import type { GatewayClient } from "../gateway/gateway-client.js";
import type { ChatEventPayload } from "../gateway/wire-types.js";
import type { ModelEntry } from "../gateway/wire-types.js";
import { markdownStyles } from "../markdown/markdown-styles.js";
import { theme } from "../styles/theme.js";
import { acceptFileDrops } from "./chat/attachments/file-drop.js";
import { toAttachments } from "./chat/attachments/image-files.js";
import { imageBlockReason } from "./chat/attachments/model-image-input.js";
import {
  applyChatEvent,
  failReply,
  historyToMessages,
  withHistory,
  type ChatMessage,
  type HistoryMessage,
} from "./chat/chat-messages.js";
import { bubbleStyles, renderBubble, renderQueued } from "./chat/message-bubble.js";
import { StallWatch } from "./chat/stall-watch.js";
import type { ClawChatComposer, Outgoing } from "./chat/chat-composer.js";
import "./chat/chat-composer.js";
import "./chat/model-picker.js";
import "./chat/session-switcher.js";
import { errorMessage } from "@clawfleet/core/errors";

/**
 * Chat with an agent session: history, streamed replies, messages queued while a reply streams
 * (sent one by one as replies end; Stop hands them back to the composer), Stop, a stalled reply
 * given up after a silence, and clear notices when no model or agent can answer. Images attached
 * (button, paste, drop) are staged in the attachment tray and sent with the message.
 */
export class ClawChat extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    sessionKey: {},
    mainKey: {},
    messages: { state: true },
    queued: { state: true },
    banner: { state: true },
    notice: { state: true },
    activeRunId: { state: true },
    sending: { state: true },
    imageBlock: { state: true },
  };
  static override styles = [
    theme,
    markdownStyles,
    bubbleStyles,
    css`
    :host { display: flex; flex-direction: column; flex: 1; min-height: 0; }
    :host([data-dropping]) .log { outline: 2px dashed var(--accent); outline-offset: -2px; border-radius: var(--radius); }
    .log { flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 10px; padding: 4px 0 12px; min-height: 200px; }
    .head { display: flex; justify-content: space-between; gap: 8px; align-items: flex-start; margin-bottom: 8px; flex-wrap: wrap; min-width: 0; }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare sessionKey: string;
  /** The agent's main session: where the chat goes after its session is deleted. */
  declare mainKey: string;
  declare messages: ChatMessage[];
  declare queued: Outgoing[];
  declare banner: { kind: "warn" | "error"; text: string } | undefined;
  declare notice: string | undefined;
  declare activeRunId: string | undefined;
  declare sending: boolean;
  /** Why images cannot be attached (the session's model takes text only), or undefined. */
  declare imageBlock: string | undefined;
  #offs: (() => void)[] = [];
  // Scroll to the newest message after the next render (set on open and while at the end).
  #follow = true;
  // Runs that already ended: a fast reply can finish before chat.send's answer arrives.
  readonly #finished = new Set<string>();
  // Runs the user stopped: their final answer is the partial text, shown as stopped.
  readonly #stopped = new Set<string>();
  // Each history load counts; only the newest one replaces the log.
  #loads = 0;
  readonly #stall = new StallWatch(chatStallMs, () => this.#onStall());

  constructor() {
    super();
    this.messages = [];
    this.queued = [];
    this.connected = false;
    this.sessionKey = "agent:main:main";
    this.mainKey = "agent:main:main";
    this.sending = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#offs = [
      this.client.on<ChatEventPayload>("chat", (payload) => this.#onChat(payload)),
      this.client.on<{ sessionKey?: string }>("agent", (payload) => {
        if (payload.sessionKey === this.sessionKey) this.#stall.touch();
      }),
      acceptFileDrops(this, (files) => void this.#composer?.add(files)),
    ];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const off of this.#offs) off();
    this.#stall.clear();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another session: its own messages (loaded by updated), nothing of the previous one's run.
    if (changed.has("sessionKey") && changed.get("sessionKey") !== undefined) {
      this.messages = [];
      this.queued = [];
      this.activeRunId = undefined;
      this.notice = undefined;
      this.#stall.clear();
    }
    // Follow new text only when the reader is at the end; someone scrolled up to read stays put.
    const log = this.renderRoot.querySelector(".log");
    if ((changed.has("messages") || changed.has("queued")) && log)
      this.#follow ||= log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has("connected") || changed.has("sessionKey")) && this.connected)
      void this.#load();
    if ((changed.has("messages") || changed.has("queued")) && this.#follow) {
      this.#follow = false;
      const log = this.renderRoot.querySelector(".log");
      log?.scrollTo({ top: log.scrollHeight });
    }
  }

  get #busy(): boolean {
    return this.sending || this.activeRunId !== undefined;
  }

  get #composer(): ClawChatComposer | null {
    return this.renderRoot.querySelector<ClawChatComposer>("claw-chat-composer");
  }

  /** `hello-ok.policy` of the current connection (limits of attachments). */
  get #policy() {
    const state = this.client.state;
    return state.kind === "connected" ? state.hello.policy : undefined;
  }

  async #load(): Promise<void> {
    this.banner = undefined;
    // The history is asked for first: a message sent after this point is not in it and stays shown.
    const load = ++this.#loads;
    const shown = this.messages.length;
    // Undefined when it failed: what is on screen stays (the models.list banner says why).
    const history = this.client
      .request<{ messages: HistoryMessage[] }>("chat.history", {
        sessionKey: this.sessionKey,
        limit: 200,
      })
      .catch(() => undefined);
    try {
      const models = await this.client.request<{ problem?: string }>("models.list");
      if (models.problem)
        this.banner = { kind: "warn", text: `No model configured: ${models.problem}` };
    } catch (error) {
      this.banner = {
        kind: "error",
        text: `The agents can't answer right now: ${errorMessage(error)}`,
      };
    }
    const page = await history;
    // A newer load (another session, a reconnect) owns the log.
    if (page === undefined || load !== this.#loads) return;
    this.#follow = true;
    this.messages = withHistory(historyToMessages(page.messages), this.messages, shown);
  }

  #onChat(event: ChatEventPayload): void {
    if (event.sessionKey !== this.sessionKey) return;
    this.#stall.touch();
    const runIds = event.runIds?.length ? event.runIds : [event.runId];
    const stopped = runIds.some((id) => this.#stopped.has(id));
    this.messages = applyChatEvent(this.messages, event, stopped);
    if (event.state === "delta") return;
    for (const id of runIds) this.#finished.add(id);
    if (this.activeRunId && runIds.includes(this.activeRunId)) this.#runEnded();
  }

  /** The active reply ended on its own (done or failed): the next queued message goes out. */
  #runEnded(): void {
    this.activeRunId = undefined;
    this.#stall.clear();
    const [next, ...rest] = this.queued;
    if (next === undefined) return;
    this.queued = rest;
    void this.#send(next);
  }

  #onStall(): void {
    const runId = this.activeRunId;
    if (!runId) return;
    const seconds = Math.round(chatStallMs() / 1000);
    this.messages = failReply(
      this.messages,
      [runId],
      `No reply for ${seconds} s: the reply stalled. Send again, or check the Services view.`,
    );
    this.activeRunId = undefined;
    this.#handBackQueue();
  }

  /** Queued messages go back into the composer (before what is typed there), unsent, images too. */
  #handBackQueue(): void {
    this.#composer?.giveBack(this.queued);
    this.queued = [];
  }

  override render() {
    return html`
      <div class="head">
        <claw-session-switcher .client=${this.client} .connected=${this.connected} .sessionKey=${this.sessionKey} .mainKey=${this.mainKey}></claw-session-switcher>
        <claw-model-picker .client=${this.client} .connected=${this.connected} .sessionKey=${this.sessionKey} @model-resolved=${this.#onModel}></claw-model-picker>
        ${this.notice ? html`<span class="pill warn">${this.notice}</span>` : ""}
      </div>
      ${this.banner ? html`<div class="banner ${this.banner.kind}" role="status" data-testid="chat-banner">${this.banner.text}</div>` : ""}
      <div class="log" data-testid="chat-log" aria-live="polite">
        ${this.messages.length === 0 && this.queued.length === 0 ? html`<p class="muted">Say hello to your agent.</p>` : ""}
        ${this.messages.map((m) => renderBubble(m, this))}
        ${this.queued.map((m) => renderQueued(m, this))}
      </div>
      <claw-chat-composer .connected=${this.connected} .busy=${this.#busy} .imageBlock=${this.imageBlock} .maxImageBytes=${this.#policy?.attachments?.maxImageBytes} .maxPayload=${this.#policy?.maxPayload} @compose=${this.#compose} @stop=${this.#stop}></claw-chat-composer>
    `;
  }

  #onModel = (event: CustomEvent<{ model: ModelEntry | undefined }>) => {
    this.imageBlock = imageBlockReason(event.detail.model);
  };

  #compose = (event: CustomEvent<Outgoing>) => {
    this.#follow = true;
    if (this.#busy) this.queued = [...this.queued, event.detail];
    else void this.#send(event.detail);
  };

  async #send({ text, images }: Outgoing) {
    this.sending = true;
    this.notice = undefined;
    const idempotencyKey = crypto.randomUUID();
    this.#follow = true;
    const shown = images.map((i) => ({ url: i.previewUrl ?? "", alt: i.fileName }));
    this.messages = [...this.messages, { role: "user", text, state: "done", images: shown }];
    this.activeRunId = idempotencyKey;
    this.#stall.arm();
    try {
      const ack = await this.client.request<{ runId: string; warning?: string }>("chat.send", {
        sessionKey: this.sessionKey,
        message: text,
        idempotencyKey,
        ...(images.length ? { attachments: toAttachments(images) } : {}),
      });
      if (ack.warning) this.notice = ack.warning;
      if (this.activeRunId !== idempotencyKey) return; // stopped or stalled meanwhile
      this.activeRunId = ack.runId;
      if (this.#finished.has(ack.runId)) this.#runEnded();
    } catch (error) {
      this.activeRunId = undefined;
      this.#stall.clear();
      this.messages = [
        ...this.messages,
        {
          role: "assistant",
          text: "",
          state: "error",
          error: `not sent: ${errorMessage(error)}`,
        },
      ];
      this.#composer?.giveBack(
        [{ text, images }],
        images.length ? `Not sent: ${errorMessage(error)}` : undefined,
      );
      this.#handBackQueue();
    } finally {
      this.sending = false;
    }
  }

  #stop = async () => {
    const runId = this.activeRunId;
    if (runId) this.#stopped.add(runId);
    this.#stall.clear();
    this.#handBackQueue();
    try {
      await this.client.request("chat.abort", { sessionKey: this.sessionKey, runId });
    } finally {
      if (this.activeRunId === runId) this.activeRunId = undefined;
    }
  };
}
customElements.define("claw-chat", ClawChat);
