import assert from "node:assert/strict";
import { test } from "node:test";
import { wrongSecrets } from "@clawfleet/testkit";
import { parseWebhookRequest, UpdateDeduper } from "./telegram-webhook-request.js";

const request = (body: string, headers: Record<string, string> = {}, method = "POST") => ({
  method,
  url: "/telegram-webhook",
  publicUrl: "https://x.test/telegram-webhook",
  headers,
  body,
  receivedAt: 1,
});

test("checks the secret like grammY (case-insensitive header, 401 otherwise) and rejects non-updates with 4xx", () => {
  const ok = parseWebhookRequest(
    request('{"update_id":5}', { "X-Telegram-Bot-Api-Secret-Token": "s3cret" }),
    "s3cret",
  );
  assert.ok(ok.ok && ok.update.update_id === 5);
  const wrong = parseWebhookRequest(
    request('{"update_id":5}', { "x-telegram-bot-api-secret-token": "nope" }),
    "s3cret",
  );
  assert.deepEqual(!wrong.ok && [wrong.response.status, wrong.response.body], [
    401,
    "secret token is wrong",
  ]);
  const missing = parseWebhookRequest(request('{"update_id":5}'), "s3cret");
  assert.equal(!missing.ok && missing.response.status, 401);
  const get = parseWebhookRequest(request("", {}, "GET"), undefined);
  assert.equal(!get.ok && get.response.status, 405);
  const notJson = parseWebhookRequest(request("{"), undefined);
  assert.equal(!notJson.ok && notJson.response.status, 400);
  const notUpdate = parseWebhookRequest(request('{"update_id":-1}'), undefined);
  assert.equal(!notUpdate.ok && notUpdate.response.status, 400);
});

test("refuses a webhook secret of the same length, with a matching prefix, or empty", () => {
  const secret = "tg-secret-0123456789";
  for (const wrong of wrongSecrets(secret)) {
    const parsed = parseWebhookRequest(
      request('{"update_id":5}', { "x-telegram-bot-api-secret-token": wrong.value }),
      secret,
    );
    assert.equal(!parsed.ok && parsed.response.status, 401, wrong.what);
  }
});

test("an update id is handled once; a retry during or after handling gets the same outcome; a failure is retried", async () => {
  const deduper = new UpdateDeduper();
  let runs = 0;
  let release: () => void = () => {};
  const slow = () =>
    new Promise<void>((resolve) => {
      runs++;
      release = resolve;
    });
  const first = deduper.run(1, slow);
  const retry = deduper.run(1, slow);
  release();
  assert.deepEqual(await Promise.all([first, retry]), [true, true]);
  assert.equal(runs, 1);
  assert.equal(await deduper.run(2, () => Promise.reject(new Error("bus down"))), false);
  assert.equal(
    await deduper.run(2, async () => void runs++),
    true,
    "the retry after a failure is handled",
  );
  assert.equal(runs, 2);
});
