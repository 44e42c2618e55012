import { LlmFake } from "../llm-fake.js";
import type { LlmFakeOptions } from "../llm-fake.js";
import { anthropicDialect, anthropicToolId } from "./anthropic-dialect.js";

/**
 * A local Anthropic Messages API (`POST /v1/messages`, JSON and SSE) with a scriptable
 * responder; the SDK reaches it with `new Anthropic({ baseURL: fake.baseURL })`.
 */
export class AnthropicFake extends LlmFake {
  constructor(options: LlmFakeOptions = {}) {
    super(anthropicDialect, anthropicToolId, options);
  }
}
