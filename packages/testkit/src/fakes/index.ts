// Local fakes of the external platforms, each speaking the real wire format so the real SDKs talk to them unchanged.

export { FakeHttpServer } from "./shared/fake-http-server.js";
export type { FakeRequestHandler, FakeUpgradeHandler } from "./shared/fake-http-server.js";
export { AnyTarget, FaultQueue } from "./shared/fault-queue.js";
export type { CommonFault } from "./shared/fault-queue.js";
export { DefaultWaitForOptions, RecordLog } from "./shared/record-log.js";
export { FakeFiles } from "./shared/fake-files.js";
export type { FakeFile, FakeFileDownload } from "./shared/fake-files.js";
export { testImage, TestImageMimeTypes } from "./shared/test-images.js";
export type { TestImageType } from "./shared/test-images.js";
export type { WaitForOptions } from "./shared/record-log.js";

export { DefaultTelegramFakeOptions, TelegramFake } from "./telegram/telegram-fake.js";
export type { TelegramCall, TelegramFakeOptions, TelegramFault } from "./telegram/telegram-fake.js";
export { TelegramFakeBot } from "./telegram/telegram-fake-bot.js";
export type {
  SentTelegramMessage,
  TelegramBotInit,
  TelegramMediaOptions,
  TelegramWebhook,
  WaitForSentOptions,
} from "./telegram/telegram-fake-bot.js";
export {
  captionOf,
  groupMessage,
  privateMessage,
  tgGroup,
  tgPrivateChat,
  tgUser,
  topicMessage,
} from "./telegram/telegram-updates.js";
export type { GroupMessageOptions, TgMessageDraft } from "./telegram/telegram-updates.js";
export { TelegramApiError } from "./telegram/telegram-types.js";
export type {
  TgChat,
  TgDocument,
  TgErrorBody,
  TgFile,
  TgMessage,
  TgMessageEntity,
  TgPhotoSize,
  TgUpdate,
  TgUser,
} from "./telegram/telegram-types.js";
export { ConflictTerminated } from "./telegram/telegram-update-queue.js";
export type { WebhookDeliveryRecord } from "./telegram/telegram-webhook-delivery.js";

export { DefaultDiscordFakeOptions, DiscordFake } from "./discord/discord-fake.js";
export type { DiscordCall, DiscordFakeOptions, DiscordFault } from "./discord/discord-fake.js";
export { DiscordFakeBot } from "./discord/discord-fake-bot.js";
export type {
  DiscordAttachment,
  InjectedAttachment,
  InjectMessageOptions,
  SentDiscordMessage,
  WaitForDiscordSentOptions,
} from "./discord/discord-fake-bot.js";
export { GatewayPaths } from "./discord/discord-gateway.js";
export type { GatewayLogEntry } from "./discord/discord-gateway.js";
export { DiscordRoutes } from "./discord/discord-rest.js";
export type { DiscordRouteName } from "./discord/discord-rest.js";
export {
  DiscordApiError,
  DiscordChannelType,
  GatewayIntent,
  PrivilegedIntents,
} from "./discord/discord-types.js";
export type {
  DiscordChannel,
  DiscordMessage,
  DiscordUser,
  GatewayPayload,
} from "./discord/discord-types.js";
export type {
  DiscordBotInit,
  DiscordChannelInit,
  DiscordGuildInit,
  DiscordGuildRecord,
} from "./discord/discord-world.js";

export { llm, LlmErrorKind } from "./llm/llm-behaviour.js";
export type { LlmUsage } from "./llm/llm-behaviour.js";
export type {
  LlmBehaviour,
  LlmBlock,
  LlmErrorKindValue,
  LlmStopReason,
} from "./llm/llm-behaviour.js";
export { DefaultLlmFakeOptions, LlmFake } from "./llm/llm-fake.js";
export type { LlmFakeOptions } from "./llm/llm-fake.js";
export type { LlmDialect } from "./llm/llm-dialect.js";
export type { LlmRequestRecord } from "./llm/llm-request.js";
export { describeImagesResponder, echoResponder, LlmScript } from "./llm/llm-script.js";
export { describeImages, sniffFakeImage } from "./llm/llm-images.js";
export { sampleImage } from "./llm/sample-images.js";
export type { LlmImageSeen } from "./llm/llm-images.js";
export type { LlmResponder } from "./llm/llm-script.js";
export { AnthropicFake } from "./llm/anthropic/anthropic-fake.js";
export { OpenAiFake } from "./llm/openai/openai-fake.js";

export { TwilioFake, TwilioRoutes } from "./twilio/twilio-fake.js";
export type {
  TwilioAccount,
  TwilioFault,
  TwilioRequestRecord,
  TwilioRouteName,
  TwilioWebhookRecord,
} from "./twilio/twilio-fake.js";
export type { TwilioCallState } from "./twilio/twilio-call.js";
export {
  postTwilioWebhook,
  signedWebhookRequest,
  signTwilioRequest,
  voiceWebhookParams,
} from "./twilio/twilio-webhooks.js";
export type { SignedWebhookRequest, VoiceWebhookInit } from "./twilio/twilio-webhooks.js";

export { FakeWaSocket } from "./whatsapp/whatsapp-fake-socket.js";
export { WhatsAppFake } from "./whatsapp/whatsapp-fake.js";
export type {
  FakeWaDownload,
  FakeWaImageOptions,
  FakeWaInbound,
  FakeWaMedia,
  FakeWaMessageOptions,
  FakeWaSent,
} from "./whatsapp/whatsapp-fake.js";
export { WhatsAppRelay } from "./whatsapp/whatsapp-relay.js";

export { SlackFake } from "./slack/slack-fake.js";
export type { SlackMessageOptions, SlackPosted } from "./slack/slack-fake.js";

export { SignalCliFake } from "./signal/signal-cli-fake.js";
export type {
  SignalFakeAttachment,
  SignalFakeSender,
  SignalGroupOptions,
  SignalSent,
} from "./signal/signal-cli-fake.js";

export { OpenAiVoiceFake } from "./voice/openai-voice-fake.js";
export type { SpeechRecord, TranscriptionEvent } from "./voice/openai-voice-fake.js";
export { ElevenLabsFake } from "./voice/elevenlabs-fake.js";
export type { ElevenLabsSpeechRecord } from "./voice/elevenlabs-fake.js";
export { MediaStreamCaller } from "./voice/media-stream-caller.js";
export type { MediaStreamStart, StreamMessageRecord } from "./voice/media-stream-caller.js";
export { mulawRms, mulawSilence, mulawTone, pcmTone } from "./voice/g711-audio.js";
export { TelnyxFake } from "./telnyx/telnyx-fake.js";
export type {
  TelnyxCommandRecord,
  TelnyxFakeCall,
  TelnyxWebhookRecord,
} from "./telnyx/telnyx-fake.js";
export {
  postTelnyxWebhook,
  telnyxEventBody,
  TelnyxWebhookSigner,
} from "./telnyx/telnyx-webhooks.js";
export type { TelnyxEventPayload, TelnyxWebhookResult } from "./telnyx/telnyx-webhooks.js";

export { BraveFake } from "./brave/brave-fake.js";
export { DEFAULT_CONCEPTS, OpenAiEmbeddingsFake } from "./embeddings/openai-embeddings-fake.js";
export type {
  EmbeddingsFault,
  EmbeddingsRequestRecord,
} from "./embeddings/openai-embeddings-fake.js";
export type { BraveFault, BraveRequestRecord, BraveWebResult } from "./brave/brave-fake.js";

export { MediaHostFake } from "./media/media-host.js";
export type { HostedFile } from "./media/media-host.js";
