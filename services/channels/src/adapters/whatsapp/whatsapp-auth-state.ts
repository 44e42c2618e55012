import type {
  AuthenticationCreds,
  AuthenticationState,
  SignalDataSet,
  SignalDataTypeMap,
} from "@whiskeysockets/baileys";
import type * as BaileysModule from "@whiskeysockets/baileys";
import type { SecretStore } from "../../state/secret-store.js";

type Baileys = typeof BaileysModule;
let baileys: Promise<Baileys> | undefined;
/** Baileys (~30 MB of RSS, mostly its protobuf definitions), imported once a session is used, not while an account waits unlinked. */
function loadBaileys(): Promise<Baileys> {
  baileys ??= import("@whiskeysockets/baileys");
  return baileys;
}

/**
 * Baileys' auth state (creds + signal keys) kept in the encrypted `channel-secrets` bucket under
 * `whatsapp.<account>.`, so whichever channels instance holds the account resumes the same linked
 * device. Values are Baileys' own BufferJSON text, sealed by the {@link SecretStore}.
 */
export class WhatsAppAuthStore {
  readonly #prefix: string;

  constructor(
    private readonly store: SecretStore,
    accountId: string,
  ) {
    this.#prefix = `whatsapp.${accountId}.`;
  }

  /** Whether linked creds are stored, read without loading Baileys. */
  async linked(): Promise<boolean> {
    const text = await this.store.get(`${this.#prefix}creds`);
    return text !== undefined && isLinked(JSON.parse(text) as AuthenticationCreds);
  }

  /** The stored creds, or fresh unregistered ones when there are none (a QR login starts from them). */
  async load(): Promise<AuthenticationState> {
    const { BufferJSON, initAuthCreds } = await loadBaileys();
    const text = await this.store.get(`${this.#prefix}creds`);
    const creds = text
      ? (JSON.parse(text, BufferJSON.reviver) as AuthenticationCreds)
      : initAuthCreds();
    return { creds, keys: this.#keys() };
  }

  /** Writes the creds (Baileys mutates them in place and emits `creds.update`). */
  async saveCreds(creds: AuthenticationCreds): Promise<void> {
    const { BufferJSON } = await loadBaileys();
    await this.store.put(`${this.#prefix}creds`, JSON.stringify(creds, BufferJSON.replacer));
  }

  /** Forgets the linked device: creds and every key. */
  async clear(): Promise<void> {
    await this.store.deletePrefix(this.#prefix);
  }

  #keyName(type: string, id: string): string {
    // Signal ids carry `@`, `:` and `.`; base64url keeps them valid as one KV key token.
    return `${this.#prefix}keys.${type}.${Buffer.from(id).toString("base64url") || "_"}`;
  }

  #keys(): AuthenticationState["keys"] {
    return {
      get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => {
        const { BufferJSON, proto } = await loadBaileys();
        const found: { [id: string]: SignalDataTypeMap[T] } = {};
        await Promise.all(
          ids.map(async (id) => {
            const text = await this.store.get(this.#keyName(type, id));
            if (text === undefined) return;
            let value: unknown = JSON.parse(text, BufferJSON.reviver);
            if (type === "app-state-sync-key" && value)
              value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
            found[id] = value as SignalDataTypeMap[T];
          }),
        );
        return found;
      },
      set: async (data: SignalDataSet) => {
        const { BufferJSON } = await loadBaileys();
        const writes: Promise<void>[] = [];
        for (const [type, entries] of Object.entries(data)) {
          for (const [id, value] of Object.entries(entries ?? {})) {
            const key = this.#keyName(type, id);
            writes.push(
              value === null || value === undefined
                ? this.store.delete(key)
                : this.store.put(key, JSON.stringify(value, BufferJSON.replacer)),
            );
          }
        }
        await Promise.all(writes);
      },
    };
  }
}

/** Whether creds belong to a linked device (a QR was scanned), not fresh ones awaiting a login. */
export function isLinked(creds: AuthenticationCreds): boolean {
  return typeof creds.me?.id === "string" && creds.me.id.length > 0;
}
