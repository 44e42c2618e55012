import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chatCompletionInput, chatCompletionRequestSchema } from "./openai-chat.js";

const parse = (body: object) => chatCompletionRequestSchema.parse(body);

describe("OpenAI chat-completions input", () => {
  it("picks the agent from the header, then model openclaw:<id>, then the default", () => {
    const messages = [{ role: "user", content: "hi" }];
    assert.equal(
      (
        chatCompletionInput(parse({ model: "openclaw:ops", messages }), "sales", "main", "f") as {
          agentId: string;
        }
      ).agentId,
      "sales",
    );
    assert.equal(
      (
        chatCompletionInput(parse({ model: "openclaw:ops", messages }), undefined, "main", "f") as {
          agentId: string;
        }
      ).agentId,
      "ops",
    );
    assert.equal(
      (
        chatCompletionInput(parse({ model: "gpt-4o", messages }), undefined, "main", "f") as {
          agentId: string;
        }
      ).agentId,
      "main",
    );
  });

  it("keeps one session per user and a fresh one otherwise; stateless requests carry their history", () => {
    const body = parse({
      user: "alice",
      messages: [
        { role: "user", content: "one" },
        { role: "assistant", content: "two" },
        { role: "user", content: [{ type: "text", text: "three" }] },
      ],
    });
    const a = chatCompletionInput(body, undefined, "main", "fresh1") as {
      sessionKey: string;
      text: string;
    };
    const b = chatCompletionInput(body, undefined, "main", "fresh2") as { sessionKey: string };
    assert.equal(a.sessionKey, b.sessionKey);
    assert.equal(a.text, "three");
    const stateless = chatCompletionInput(
      parse({ messages: body.messages }),
      undefined,
      "main",
      "fresh3",
    ) as { sessionKey: string; text: string };
    assert.equal(stateless.sessionKey, "agent:main:openai:direct:fresh3");
    assert.equal(stateless.text, "user: one\nassistant: two\n\nthree");
  });

  it("refuses requests without user text", () => {
    assert.match(
      chatCompletionInput(
        parse({ messages: [{ role: "system", content: "x" }] }),
        undefined,
        "main",
        "f",
      ) as string,
      /user message/,
    );
  });
});
