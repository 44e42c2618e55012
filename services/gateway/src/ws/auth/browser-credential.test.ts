import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { isBrowserCredential, issueBrowserCredential } from "./browser-credential.js";

const SECRET = "gateway-secret-0123456789";

/** The MAC a credential with this id carries (the scheme, recomputed here to forge near-misses). */
function macOf(id: string, secret = SECRET): string {
  return createHmac("sha256", secret).update(`clawfleet-browser:${id}`).digest("base64url");
}

describe("browser credentials", () => {
  it("are cfb1_<random id>.<MAC of the id>, a new id each time", () => {
    const credential = issueBrowserCredential(SECRET);
    const match = /^cfb1_([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})$/.exec(credential);
    assert.ok(match, credential);
    assert.equal(match[2], macOf(match[1]!));
    assert.notEqual(issueBrowserCredential(SECRET), credential);
  });

  it("are refused without their prefix, with another prefix, or with an empty id", () => {
    const credential = issueBrowserCredential(SECRET);
    const body = credential.slice("cfb1_".length);
    assert.equal(isBrowserCredential(credential, SECRET), true);
    assert.equal(isBrowserCredential(body, SECRET), false, "no prefix");
    assert.equal(isBrowserCredential(`cfb2_${body}`, SECRET), false, "another prefix");
    assert.equal(isBrowserCredential(`cfb1_.${macOf("")}`, SECRET), false, "empty id");
    assert.equal(isBrowserCredential(`cfb1_${macOf("")}`, SECRET), false, "no dot, no id");
    assert.equal(isBrowserCredential("", SECRET), false);
  });

  it("are refused when the MAC is of another id or under another secret", () => {
    assert.equal(isBrowserCredential(`cfb1_abc.${macOf("abc")}`, SECRET), true, "well formed");
    assert.equal(isBrowserCredential(`cfb1_abd.${macOf("abc")}`, SECRET), false, "another id");
    assert.equal(isBrowserCredential(`cfb1_abc.${macOf("abc", "other")}`, SECRET), false);
    assert.equal(isBrowserCredential(`cfb1_abc.${macOf("abc").slice(0, -1)}`, SECRET), false);
    assert.equal(isBrowserCredential(`cfb1_abc.${macOf("abc")}x`, SECRET), false);
  });
});
