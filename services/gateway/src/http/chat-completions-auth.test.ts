import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startNatsServer, wrongSecrets, type NatsTestServer } from "@clawfleet/testkit";
import { DefaultAuthFailureLimits } from "../ws/auth/failure-limiter.js";
import { startTestGateway, type TestGateway } from "../test-support/gateway-fixture.js";

// A gateway of its own: the failures below block this test's address for a minute.
const TOKEN = "completions-token-5f4e3d2c1b";
const CONFIG = JSON.stringify({
  gateway: { mode: "local", http: { endpoints: { chatCompletions: { enabled: true } } } },
});
let nats: NatsTestServer;
let gateway: TestGateway;

before(async () => {
  nats = await startNatsServer();
  gateway = await startTestGateway({ natsUrl: nats.url, token: TOKEN, config: CONFIG });
});
after(async () => {
  await gateway.stop();
  await nats.dispose();
});

const complete = (authorization: string | undefined) =>
  fetch(`${gateway.httpUrl}/v1/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
  });

describe("/v1/chat/completions bearer auth", () => {
  it("refuses wrong bearer tokens of the same length, with a matching prefix, or empty; then blocks the address", async () => {
    const right = await complete(`Bearer ${TOKEN}`);
    await right.body?.cancel();
    assert.notEqual(right.status, 401, "the right token passes auth");
    let failures = 0;
    for (const wrong of wrongSecrets(TOKEN)) {
      const res = await complete(`Bearer ${wrong.value}`);
      assert.equal(res.status, 401, wrong.what);
      assert.equal((await res.json()).error.code, "invalid_api_key", wrong.what);
      failures++;
    }
    // Brute force: the failures count per address, as on the WebSocket.
    let status = 401;
    while (status === 401 && failures <= DefaultAuthFailureLimits.maxFailures) {
      const res = await complete(`Bearer guess-${failures}`);
      status = res.status;
      await res.body?.cancel();
      if (status === 401) failures++;
    }
    assert.equal(status, 429, `still 401 after ${failures} wrong tokens`);
    assert.equal(failures, DefaultAuthFailureLimits.maxFailures);
    const blocked = await complete(`Bearer ${TOKEN}`);
    assert.equal(blocked.status, 429, "while blocked even the right token waits");
    assert.equal((await blocked.json()).error.type, "rate_limit_error");
  });
});
