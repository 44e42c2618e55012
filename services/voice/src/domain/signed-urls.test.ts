import assert from "node:assert/strict";
import { test } from "node:test";
import { signedUrlCandidates } from "./signed-urls.js";

const path = "/voice/webhook?callId=CA1&event=speech&turn=1";

test("the URL as received counts when its host is a configured public host or an allowed proxy", () => {
  const bases = ["https://voice.example.com/voice/webhook"];
  assert.deepEqual(
    signedUrlCandidates({
      path,
      requestUrl: `https://voice.example.com${path}`,
      bases,
      allowedHosts: [],
    }),
    [`https://voice.example.com${path}`],
  );
  assert.deepEqual(
    signedUrlCandidates({
      path,
      requestUrl: `https://evil.example.net${path}`,
      bases,
      allowedHosts: [],
    }),
    [`https://voice.example.com${path}`],
    "another host's signature is not accepted here",
  );
  assert.deepEqual(
    signedUrlCandidates({
      path,
      requestUrl: `https://proxy.example.org${path}`,
      bases,
      allowedHosts: ["Proxy.Example.org"],
    }),
    [`https://proxy.example.org${path}`, `https://voice.example.com${path}`],
  );
});

test("a tunnel URL and publicUrl are both tried; with nothing configured the received URL is used", () => {
  const bases = ["https://abc.ngrok.app", "https://app.fly.dev/voice/webhook"];
  assert.deepEqual(
    signedUrlCandidates({
      path,
      requestUrl: `http://127.0.0.1:3334${path}`,
      bases,
      allowedHosts: [],
    }),
    [`https://abc.ngrok.app${path}`, `https://app.fly.dev${path}`],
  );
  assert.deepEqual(
    signedUrlCandidates({
      path,
      requestUrl: `http://127.0.0.1:3334${path}`,
      bases: [],
      allowedHosts: [],
    }),
    [`http://127.0.0.1:3334${path}`],
  );
});
