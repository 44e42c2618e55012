import type { ClawEnv, OpenClawConfig } from "@clawfleet/config";
import type { Logger } from "@clawfleet/log";
import { AnthropicModel } from "../adapters/anthropic/anthropic-model.js";
import { OpenAiModel } from "../adapters/openai/openai-model.js";
import type { ChatModel } from "../domain/models/chat-model.js";
import { ModelError, ModelFailure } from "../errors.js";
import type { ModelRef } from "../domain/models/model-ref.js";
import { ProviderApi, resolveProvider } from "../domain/models/provider-settings.js";

/**
 * Provider clients, built on first use from the live config and the environment and reused while
 * their settings stay the same (a config edit with a new base URL or key builds a new client).
 */
export class ModelClients {
  readonly #clients = new Map<string, ChatModel>();

  constructor(
    private readonly env: ClawEnv,
    private readonly logger: Logger,
  ) {}

  /** The client for a model's provider; a missing key or unknown provider throws a `config` ModelError with the fix. */
  clientFor(config: OpenClawConfig, ref: ModelRef): ChatModel {
    const resolved = resolveProvider(config, this.env, ref.provider);
    if (!resolved.ok) throw new ModelError(ModelFailure.Config, resolved.error, { model: ref.ref });
    const { settings } = resolved;
    const key = JSON.stringify([settings.id, settings.api, settings.baseURL, settings.apiKey]);
    let client = this.#clients.get(key);
    if (!client) {
      client =
        settings.api === ProviderApi.Anthropic
          ? new AnthropicModel(settings, this.logger)
          : new OpenAiModel(settings, this.logger);
      this.#clients.set(key, client);
    }
    return client;
  }
}
