import assert from "node:assert/strict";
import { test } from "node:test";
import { controlUiUrl } from "./control-ui-url.js";

test("the Control UI URL printed at startup is one a person on this machine can open", () => {
  assert.equal(controlUiUrl("0.0.0.0", 3000, "/"), "http://127.0.0.1:3000/");
  assert.equal(controlUiUrl("127.0.0.1", 18789, "/ui"), "http://127.0.0.1:18789/ui/");
  assert.equal(controlUiUrl("::1", 80, "ui/"), "http://[::1]:80/ui/");
  assert.equal(controlUiUrl("10.1.2.3", 3000, "/"), "http://10.1.2.3:3000/");
});
