import { LlmFake } from "../llm-fake.js";
import type { LlmFakeOptions } from "../llm-fake.js";
import { openaiDialect, openaiToolId } from "./openai-dialect.js";

/**
 * A local OpenAI chat-completions API (`POST /v1/chat/completions`, JSON and SSE) with a
 * scriptable responder; the SDK reaches it with `new OpenAI({ baseURL: fake.baseURL })`
 * (the URL ends in `/v1`, as OPENAI_BASE_URL does).
 */
export class OpenAiFake extends LlmFake {
  constructor(options: LlmFakeOptions = {}) {
    super(openaiDialect, openaiToolId, options);
  }
}
