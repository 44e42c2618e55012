import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ModelEntry } from "../../../gateway/wire-types.js";
import { imageBlockReason, sessionModel } from "./model-image-input.js";

const entry = (ref: string, input?: string[]): ModelEntry => {
  const [provider, id] = ref.split("/") as [string, string];
  return { id, provider, name: id, ref, ...(input ? { input } : {}) };
};
const sonnet = entry("anthropic/claude-sonnet-4-5", ["text", "image"]);
const textOnly = entry("local/tiny-text", ["text"]);
const models = [sonnet, textOnly];

describe("whether the chat's model can see images", () => {
  it("uses the session's own choice, else the model its row names, else the configured default", () => {
    assert.equal(sessionModel(models, "local/tiny-text", null), textOnly);
    assert.equal(
      sessionModel(models, "", { modelProvider: "local", model: "tiny-text" }),
      textOnly,
    );
    assert.equal(sessionModel(models, "", null), sonnet);
    assert.equal(
      sessionModel(models, "", {
        modelProvider: "local",
        model: "tiny-text",
        providerOverride: "local",
      }),
      sonnet,
      "a choice undone goes back to the default",
    );
    assert.equal(sessionModel(models, "other/unknown", null), undefined);
  });

  it("blocks images for a model whose input lacks image, saying which and why", () => {
    assert.equal(imageBlockReason(sonnet), undefined);
    assert.match(
      imageBlockReason(textOnly)!,
      /local\/tiny-text cannot see images \(it takes text only\)/,
    );
  });

  it("leaves it to the gateway when nothing is known about the model", () => {
    assert.equal(imageBlockReason(undefined), undefined);
    assert.equal(imageBlockReason(entry("x/y")), undefined);
  });
});
