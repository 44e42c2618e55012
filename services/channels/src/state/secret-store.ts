import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { Buckets, TypedBucket, type Bus } from "@clawfleet/bus";
import * as z from "zod";
import { MIN_STATE_KEY_LENGTH } from "../domain/state-key.js";

/** What `Buckets.ChannelSecrets` keeps per key: AES-256-GCM ciphertext, never the plain value. */
export const sealedSecretSchema = z.object({
  v: z.literal(1),
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
});

/** The sealed form of one secret. */
export type SealedSecret = z.infer<typeof sealedSecretSchema>;

/** Encrypted text values under string keys (valid KV keys); the store never sees clear text on the bus. */
export interface SecretStore {
  /** The clear text under `key`, or undefined when absent. Throws when it cannot be decrypted (wrong key). */
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
  /** Removes a key and its history (purge, not a tombstone over the old value). */
  delete(key: string): Promise<void>;
  /** Deletes every key starting with `prefix` (a KV key prefix ending in `.`). */
  deletePrefix(prefix: string): Promise<number>;
}

/** Encrypts and decrypts secret values with a key derived from `CLAWFLEET_STATE_KEY`. */
export class SecretBox {
  readonly #key: Buffer;

  /** `stateKey` must have at least {@link MIN_STATE_KEY_LENGTH} characters. */
  constructor(stateKey: string) {
    if (stateKey.length < MIN_STATE_KEY_LENGTH)
      throw new Error(`CLAWFLEET_STATE_KEY must be at least ${MIN_STATE_KEY_LENGTH} characters`);
    this.#key = Buffer.from(
      hkdfSync("sha256", stateKey, "clawfleet", "channel-secrets v1", 32) as ArrayBuffer,
    );
  }

  /** Seals `value`, bound to `key` (a sealed value moved to another key does not open). */
  seal(key: string, value: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    cipher.setAAD(Buffer.from(key));
    const data = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
    return {
      v: 1,
      iv: iv.toString("base64"),
      tag: cipher.getAuthTag().toString("base64"),
      data: data.toString("base64"),
    };
  }

  /** Opens a sealed value; throws when the key is wrong or the value was tampered with. */
  open(key: string, sealed: SealedSecret): string {
    const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(sealed.iv, "base64"));
    decipher.setAAD(Buffer.from(key));
    decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(sealed.data, "base64")),
        decipher.final(),
      ]).toString("utf8");
    } catch (error) {
      throw new Error(
        `cannot decrypt channel secret ${key}: CLAWFLEET_STATE_KEY differs from the one it was stored with`,
        { cause: error },
      );
    }
  }
}

/** The `channel-secrets` bucket, sealed with `box`. */
export async function openSecretStore(bus: Bus, box: SecretBox): Promise<SecretStore> {
  const bucket = await TypedBucket.open(bus, Buckets.ChannelSecrets, sealedSecretSchema);
  return {
    async get(key) {
      const entry = await bucket.get(key);
      return entry ? box.open(key, entry.value) : undefined;
    },
    async put(key, value) {
      await bucket.put(key, box.seal(key, value));
    },
    async delete(key) {
      await bucket.kv.purge(key);
    },
    async deletePrefix(prefix) {
      const keys = await bucket.keys(`${prefix}>`);
      await Promise.all(keys.map((key) => bucket.kv.purge(key)));
      return keys.length;
    },
  };
}
