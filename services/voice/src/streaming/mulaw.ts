/** Samples per second of a Twilio media stream (G.711 μ-law, mono). */
export const STREAM_SAMPLE_RATE = 8000;
/** Bytes (= samples) of one 20 ms μ-law frame. */
export const FRAME_BYTES = 160;
/** Length of one frame in milliseconds. */
export const FRAME_MS = 20;

const BIAS = 0x84;
const CLIP = 32635;

/** Encodes one 16-bit linear PCM sample as G.711 μ-law. */
export function encodeMulawSample(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(Math.trunc(sample)), CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = ~(sign | (exponent << 4) | mantissa);
  return magnitude & 0xff;
}

/** Decodes one G.711 μ-law byte to a 16-bit linear PCM sample. */
export function decodeMulawSample(byte: number): number {
  const value = ~byte & 0xff;
  const sign = value & 0x80;
  const exponent = (value >> 4) & 0x07;
  const mantissa = value & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign ? -magnitude : magnitude;
}

/** Encodes 16-bit PCM samples as μ-law bytes. */
export function encodeMulaw(samples: Int16Array): Buffer {
  const out = Buffer.alloc(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = encodeMulawSample(samples[i] ?? 0);
  return out;
}

/** Decodes μ-law bytes to 16-bit PCM samples. */
export function decodeMulaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = decodeMulawSample(bytes[i] ?? 0xff);
  return out;
}

/** Reads little-endian signed 16-bit PCM (what OpenAI's `pcm` speech format is); an odd last byte is dropped. */
export function pcm16FromBytes(bytes: Uint8Array): Int16Array {
  const count = Math.floor(bytes.length / 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/**
 * Resamples PCM by averaging the source samples that fall into each target sample (a box
 * low-pass, enough for speech going down to 8 kHz) or repeating them when going up.
 */
export function resample(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return samples;
  const length = Math.floor((samples.length * toRate) / fromRate);
  const out = new Int16Array(length);
  const step = fromRate / toRate;
  for (let i = 0; i < length; i++) {
    const start = Math.floor(i * step);
    const end = Math.max(start + 1, Math.floor((i + 1) * step));
    let sum = 0;
    for (let j = start; j < end; j++) sum += samples[Math.min(j, samples.length - 1)] ?? 0;
    out[i] = Math.round(sum / (end - start));
  }
  return out;
}

/** Splits μ-law audio into 20 ms frames; the last one is padded with μ-law silence. */
export function toFrames(mulaw: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  for (let offset = 0; offset < mulaw.length; offset += FRAME_BYTES) {
    const frame = Buffer.alloc(FRAME_BYTES, 0xff);
    mulaw.copy(frame, 0, offset, Math.min(offset + FRAME_BYTES, mulaw.length));
    frames.push(frame);
  }
  return frames;
}

/** Root-mean-square level of μ-law audio, 0 (silence) to 32767. */
export function mulawLevel(mulaw: Uint8Array): number {
  if (mulaw.length === 0) return 0;
  let sum = 0;
  for (const byte of mulaw) {
    const sample = decodeMulawSample(byte);
    sum += sample * sample;
  }
  return Math.sqrt(sum / mulaw.length);
}
