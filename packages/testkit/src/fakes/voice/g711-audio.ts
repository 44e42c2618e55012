// Test audio for the voice fakes, generated rather than committed: μ-law tones and silence at 8 kHz,
// 16-bit PCM tones at any rate (what a TTS endpoint returns).

/** Bytes of one 20 ms μ-law frame at 8 kHz. */
export const MULAW_FRAME_BYTES = 160;

/** Encodes one 16-bit sample as G.711 μ-law. */
export function mulawByte(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(Math.trunc(sample)), 32635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = ~(sign | (exponent << 4) | mantissa);
  return magnitude & 0xff;
}

/** Decodes one μ-law byte to a 16-bit sample. */
export function mulawSample(byte: number): number {
  const value = ~byte & 0xff;
  const magnitude = ((((value & 0x0f) << 3) + 0x84) << ((value >> 4) & 0x07)) - 0x84;
  return value & 0x80 ? -magnitude : magnitude;
}

/** RMS level (0–32767) of μ-law audio. */
export function mulawRms(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let sum = 0;
  for (const byte of bytes) sum += mulawSample(byte) ** 2;
  return Math.sqrt(sum / bytes.length);
}

/** A sine tone as μ-law 8 kHz (stands in for a caller's voice). */
export function mulawTone(ms: number, hz = 220, amplitude = 8000): Buffer {
  const count = Math.round(ms * 8);
  const out = Buffer.alloc(count);
  for (let i = 0; i < count; i++)
    out[i] = mulawByte(amplitude * Math.sin((2 * Math.PI * hz * i) / 8000));
  return out;
}

/** μ-law silence. */
export function mulawSilence(ms: number): Buffer {
  return Buffer.alloc(Math.round(ms * 8), 0xff);
}

/** A sine tone as little-endian 16-bit PCM (OpenAI's `pcm` speech format is 24 kHz). */
export function pcmTone(ms: number, rate = 24_000, hz = 330, amplitude = 6000): Buffer {
  const count = Math.round((ms * rate) / 1000);
  const out = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++)
    out.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)), i * 2);
  return out;
}
