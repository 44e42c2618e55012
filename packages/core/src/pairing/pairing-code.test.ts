import assert from "node:assert/strict";
import { test } from "node:test";
import {
  generatePairingCode,
  normalizePairingCode,
  PAIRING_CODE_ALPHABET,
} from "./pairing-code.js";

test("the alphabet has 32 symbols and no look-alikes", () => {
  assert.equal(PAIRING_CODE_ALPHABET.length, 32);
  assert.equal(new Set(PAIRING_CODE_ALPHABET).size, 32);
  for (const bad of "0O1I") assert.equal(PAIRING_CODE_ALPHABET.includes(bad), false, bad);
});

test("codes are 8 characters drawn from the random source, one byte each", () => {
  const sizes: number[] = [];
  const code = generatePairingCode((size) => {
    sizes.push(size);
    return Uint8Array.from([0, 1, 31, 32, 255, 8, 24, 100]);
  });
  assert.deepEqual(sizes, [8]);
  assert.equal(code, "AB9A9J2E");
});

test("every byte maps into the alphabet", () => {
  const code = generatePairingCode(() => Uint8Array.from([...Array(8).keys()].map((i) => i * 37)));
  assert.match(code, /^[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{8}$/);
});

test("typed codes are normalized; impossible ones are null", () => {
  assert.equal(normalizePairingCode(" ab9a-9jq6 "), "AB9A9JQ6");
  assert.equal(normalizePairingCode("AB9A 9JQ6"), "AB9A9JQ6");
  assert.equal(normalizePairingCode("AB9A9JQ"), null);
  assert.equal(normalizePairingCode("AB9A9JQ0"), null);
  assert.equal(normalizePairingCode("OB9A9JQ6"), null);
});
