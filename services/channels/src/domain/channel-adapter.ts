import type {
  ChannelLoginReply,
  ForwardedHttpRequest,
  ForwardedHttpResponse,
} from "@clawfleet/bus";
import type { ImageMimeType, InboundMessage, ReplyTarget } from "@clawfleet/core";
import type { InboundMedia } from "./inbound-media.js";

/** Who the bot is on its platform, learned when it connects. */
export interface BotIdentity {
  id: string;
  /** Username without `@` (Telegram) or the Discord username. */
  username: string;
  /** How logs and `channels.status` name the bot, e.g. `@claw_bot` or `claw#0001`. */
  label: string;
}

/** One piece of outbound text, already chunked to the platform's limit. */
export interface OutboundChunk {
  text: string;
  /** Platform message id to reply to (only the first chunk of a reply quotes the trigger). */
  replyToMessageId?: string;
  /** Stable id of this chunk, for platforms that deduplicate sends (Discord `nonce`). */
  idempotencyKey: string;
}

/** One image to send, its bytes read from the `attachments` store. */
export interface OutboundImage {
  bytes: Uint8Array;
  mimeType: ImageMimeType;
  /** File name shown on platforms that show one (`chart.png`). */
  fileName: string;
  /** Platform message id to reply to (only the first message of a reply quotes the trigger). */
  replyToMessageId?: string;
  /** Stable id of this send, for platforms that deduplicate sends (Discord `nonce`). */
  idempotencyKey: string;
}

/** One step of a QR login: `start` shows a QR (a new link when `force`), `wait` waits for the scan or a new QR. */
export interface LoginRequest {
  step: "start" | "wait";
  force?: boolean;
  timeoutMs?: number;
}

/** What a connected adapter reports back to the service. */
export interface AdapterEvents {
  /**
   * A normalized message for `bot` with its media (downloaded only if the message is accepted);
   * resolves once it is safely handed on (a rejection means "deliver again").
   */
  inbound(
    message: InboundMessage,
    bot: BotIdentity,
    media?: readonly InboundMedia[],
  ): Promise<void>;
  /**
   * The live connection came up or went down; `error` explains a problem the operator should see,
   * `botName` names the bot when the connection knows it (a fresh link).
   */
  connection(state: { connected: boolean; error?: string; botName?: string }): void;
}

/**
 * The connector of one bot account on one platform. Implementations live in `adapters/<vendor>/`,
 * the only place a platform SDK is imported; they throw {@link ChannelsError}s.
 */
export interface ChannelAdapter {
  /** How the account receives updates: `polling`, `webhook` or `gateway`. */
  readonly mode: string;
  /** Connects and starts receiving; resolves with the bot's identity, rejects when it cannot connect (bad token). */
  start(events: AdapterEvents, signal: AbortSignal): Promise<BotIdentity>;
  /** Sends one chunk; resolves with the platform message id. */
  send(target: ReplyTarget, chunk: OutboundChunk, signal?: AbortSignal): Promise<string>;
  /**
   * Sends one image; resolves with the platform message id. Absent on a platform whose adapter
   * cannot send images yet: the reply then says so in its text.
   */
  sendImage?(target: ReplyTarget, image: OutboundImage, signal?: AbortSignal): Promise<string>;
  /** Shows a typing indicator in the target chat for a few seconds. */
  typing(target: ReplyTarget): Promise<void>;
  /** Answers a webhook request forwarded by the gateway (webhook mode only). */
  handleWebhook?(request: ForwardedHttpRequest): Promise<ForwardedHttpResponse>;
  /** QR login (WhatsApp); absent on platforms configured with a token. */
  login?(request: LoginRequest): Promise<ChannelLoginReply>;
  /** Unlinks the account and forgets its stored credentials (WhatsApp). */
  logout?(): Promise<{ loggedOut: boolean; message: string }>;
  /** Stops receiving and closes the connection; resolves once nothing polls or listens any more. */
  stop(): Promise<void>;
}
