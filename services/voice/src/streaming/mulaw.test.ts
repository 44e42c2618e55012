import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  decodeMulaw,
  decodeMulawSample,
  encodeMulaw,
  encodeMulawSample,
  FRAME_BYTES,
  mulawLevel,
  pcm16FromBytes,
  resample,
  toFrames,
} from "./mulaw.js";

function tone(rate: number, ms: number, hz: number, amplitude: number): Int16Array {
  const out = new Int16Array((rate * ms) / 1000);
  for (let i = 0; i < out.length; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
  return out;
}

describe("μ-law audio", () => {
  it("encodes G.711 reference points: 0 → 0xff, full scale → 0x80/0x00", () => {
    assert.equal(encodeMulawSample(0), 0xff);
    assert.equal(encodeMulawSample(32767), 0x80);
    assert.equal(encodeMulawSample(-32768), 0x00);
    assert.equal(decodeMulawSample(0xff), 0);
    assert.equal(decodeMulawSample(0x80), 32124);
  });

  it("round-trips within μ-law's quantisation error", () => {
    const samples = tone(8000, 100, 440, 12_000);
    const back = decodeMulaw(encodeMulaw(samples));
    for (let i = 0; i < samples.length; i++) {
      const error = Math.abs((back[i] ?? 0) - (samples[i] ?? 0));
      assert.ok(error <= Math.max(16, Math.abs(samples[i] ?? 0) / 16), `sample ${i}: ${error}`);
    }
  });

  it("resamples 24 kHz speech to 8 kHz keeping length and level", () => {
    const high = tone(24_000, 500, 300, 10_000);
    const low = resample(high, 24_000, 8000);
    assert.equal(low.length, 4000);
    const level = mulawLevel(encodeMulaw(low));
    assert.ok(level > 6000 && level < 7600, `level ${level}`);
  });

  it("reads little-endian PCM and cuts 20 ms frames padded with silence", () => {
    assert.deepEqual([...pcm16FromBytes(Buffer.from([0x01, 0x00, 0xff, 0xff, 0x07]))], [1, -1]);
    const frames = toFrames(Buffer.alloc(FRAME_BYTES * 2 + 10, 0x00));
    assert.equal(frames.length, 3);
    assert.equal(frames[2]?.length, FRAME_BYTES);
    assert.equal(frames[2]?.[10], 0xff);
    assert.equal(mulawLevel(Buffer.alloc(160, 0xff)), 0);
  });
});
