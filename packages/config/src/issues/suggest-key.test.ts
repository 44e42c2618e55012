import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { suggestKey } from "./suggest-key.js";

describe("suggestKey", () => {
  it("suggests close or differently-cased keys and nothing for unrelated ones", () => {
    assert.equal(suggestKey("prot", ["port", "bind"]), "port");
    assert.equal(suggestKey("DmPolicy", ["dmPolicy"]), "dmPolicy");
    assert.equal(suggestKey("wizard", ["gateway", "agents", "channels"]), undefined);
    assert.equal(suggestKey("ab", ["id"]), undefined);
  });
});
