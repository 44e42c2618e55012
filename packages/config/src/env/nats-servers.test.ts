import assert from "node:assert/strict";
import { test } from "node:test";
import { LOCAL_NATS_URL, natsServersFor } from "./nats-servers.js";

test("NATS_URL wins over everything", () => {
  assert.equal(
    natsServersFor({ NATS_URL: "nats://a:1,nats://b:2", FLY_APP_NAME: "x" }, "nats://c:3"),
    "nats://a:1,nats://b:2",
  );
});

test("a process's own fallback (the embedded server of `all`) comes before Fly's derived name", () => {
  assert.equal(
    natsServersFor({ FLY_APP_NAME: "my-openclaw" }, "nats://127.0.0.1:4333"),
    "nats://127.0.0.1:4333",
  );
});

test("on Fly the nats process group is derived from FLY_APP_NAME", () => {
  assert.equal(
    natsServersFor({ FLY_APP_NAME: "my-openclaw" }),
    "nats://nats.process.my-openclaw.internal:4222",
  );
});

test("elsewhere, and with empty variables, the local server", () => {
  assert.equal(natsServersFor({}), LOCAL_NATS_URL);
  assert.equal(natsServersFor({ NATS_URL: "", FLY_APP_NAME: "" }), LOCAL_NATS_URL);
});
