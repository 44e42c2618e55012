import { constants, createDeflate } from "node:zlib";
import type { Deflate } from "node:zlib";
import type { GatewayPayload } from "./discord-types.js";

/** Turns gateway payloads into WebSocket frames (text JSON, or zlib-stream binary). */
export interface FrameEncoder {
  encode(payload: GatewayPayload): Promise<string | Buffer>;
}

/** JSON text frames: discord.js's default when zlib-sync is not installed. */
class JsonEncoder implements FrameEncoder {
  encode(payload: GatewayPayload): Promise<string> {
    return Promise.resolve(JSON.stringify(payload));
  }
}

/**
 * `compress=zlib-stream`: one deflate context per connection, each payload ends with a
 * Z_SYNC_FLUSH (the 00 00 ff ff suffix clients look for).
 */
class ZlibStreamEncoder implements FrameEncoder {
  readonly #deflate: Deflate = createDeflate({ chunkSize: 65_535 });
  #chunks: Buffer[] = [];
  #chain: Promise<unknown> = Promise.resolve();

  constructor() {
    this.#deflate.on("data", (chunk: Buffer) => this.#chunks.push(chunk));
  }

  encode(payload: GatewayPayload): Promise<Buffer> {
    const next = this.#chain.then(
      () =>
        new Promise<Buffer>((resolve) => {
          this.#deflate.write(JSON.stringify(payload));
          this.#deflate.flush(constants.Z_SYNC_FLUSH, () => {
            const frame = Buffer.concat(this.#chunks);
            this.#chunks = [];
            resolve(frame);
          });
        }),
    );
    this.#chain = next;
    return next;
  }
}

/** The encoder for a connection's `compress` query parameter (null when absent). */
export function createFrameEncoder(compress: string | null): FrameEncoder {
  return compress === "zlib-stream" ? new ZlibStreamEncoder() : new JsonEncoder();
}
