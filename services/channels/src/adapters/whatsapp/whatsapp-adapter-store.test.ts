import assert from "node:assert/strict";
import { test } from "node:test";
import { validateParsedConfig } from "@clawfleet/config";
import { silentLogger } from "@clawfleet/log";
import { WhatsAppFake } from "@clawfleet/testkit";
import { resolveAccountSpecs } from "../../domain/account-spec.js";
import type { SecretStore } from "../../state/secret-store.js";
import { createWhatsAppAdapter } from "./whatsapp-adapter.js";
import { WhatsAppAuthStore } from "./whatsapp-auth-state.js";
import type { WaSocketFactory } from "./whatsapp-socket.js";

/** A secret store in memory whose reads fail while `failing` is set (the bus timing out). */
class FlakySecretStore implements SecretStore {
  readonly values = new Map<string, string>();
  failing: Error | undefined;
  reads = 0;

  async get(key: string): Promise<string | undefined> {
    this.reads += 1;
    if (this.failing) throw this.failing;
    return this.values.get(key);
  }
  async put(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
  async deletePrefix(prefix: string): Promise<number> {
    const keys = [...this.values.keys()].filter((key) => key.startsWith(prefix));
    for (const key of keys) this.values.delete(key);
    return keys.length;
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("a stored-session read that fails (the bus timing out) is reported and retried; the account comes back", async () => {
  const config = validateParsedConfig({ channels: { whatsapp: { dmPolicy: "open" } } });
  assert.ok(config.ok);
  const [spec] = resolveAccountSpecs(config.config, {});
  assert.ok(spec);
  const store = new FlakySecretStore();
  const fake = new WhatsAppFake();
  const adapter = createWhatsAppAdapter(spec, {
    logger: silentLogger,
    auth: new WhatsAppAuthStore(store, spec.accountId),
    loadSocketFactory: async () => fake.socketFactory as unknown as WaSocketFactory,
    qrDataUrl: async (qr) => `data:image/png;base64,${Buffer.from(qr).toString("base64")}`,
  });
  const errors: string[] = [];
  const stop = new AbortController();
  const started = adapter.start(
    {
      inbound: async () => {},
      connection: (state) => {
        if (state.error) errors.push(state.error);
      },
    },
    stop.signal,
  );
  try {
    const shown = await adapter.login?.({ step: "start" });
    assert.ok(shown?.qr, shown?.message);
    await fake.scanQr("15550100010");
    await started;
    await until(() => fake.openSocket() !== undefined, "linked");

    store.failing = new Error("TimeoutError: timeout");
    const readsBefore = store.reads;
    fake.openSocket()?.close(503, "Service Unavailable");
    await until(() => store.reads > readsBefore, "a reconnection reads the stored session");
    await until(
      () => errors.some((error) => /could not use its stored session: .*timeout/.test(error)),
      "the failure reported",
    );
    store.failing = undefined;
    await until(() => fake.openSocket() !== undefined, "reconnected once the store answers");
  } finally {
    stop.abort();
    await adapter.stop();
  }
});
