import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import twilio from "twilio";
import {
  postTwilioWebhook,
  signedWebhookRequest,
  TwilioFake,
  voiceWebhookParams,
} from "@clawfleet/testkit";
import { createTwilioHttpClient, rewriteTwilioUri } from "./twilio-http-client.js";

interface Received {
  path: string;
  params: Record<string, string>;
  validSignature: boolean;
}

/** A stand-in for the voice service: validates X-Twilio-Signature with the SDK and answers TwiML. */
async function startWebhookServer(
  authToken: string,
): Promise<{ server: Server; base: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${req.url ?? ""}`;
      const validSignature = twilio.validateRequest(
        authToken,
        String(req.headers["x-twilio-signature"] ?? ""),
        url,
        params,
      );
      received.push({ path: req.url ?? "", params, validSignature });
      res.writeHead(validSignature ? 200 : 403, { "content-type": "text/xml" });
      res.end(validSignature ? "<Response><Say>Hello from the agent</Say></Response>" : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe("TwilioFake with the twilio SDK", { timeout: 30_000 }, () => {
  const fake = new TwilioFake();
  const account = fake.addAccount();
  let client: twilio.Twilio;
  let hooks: Awaited<ReturnType<typeof startWebhookServer>>;
  before(async () => {
    client = twilio(account.sid, account.authToken, {
      httpClient: createTwilioHttpClient(await fake.start()),
    });
    hooks = await startWebhookServer(account.authToken);
  });
  after(async () => {
    await fake.stop();
    await new Promise((resolve) => hooks.server.close(resolve));
  });

  it("creates, fetches and updates a call through the SDK", async () => {
    const call = await client.calls.create({
      to: "+15550001111",
      from: "+15550002222",
      url: `${hooks.base}/voice`,
      statusCallback: `${hooks.base}/status`,
      statusCallbackEvent: ["initiated", "answered", "completed"],
    });
    assert.match(call.sid, /^CA[0-9a-f]{32}$/);
    assert.equal(call.status, "queued");
    assert.equal(call.direction, "outbound-api");
    assert.equal(call.accountSid, account.sid);
    const created = fake.requests.all().at(-1);
    assert.equal(created?.route, "createCall");
    assert.deepEqual(created?.params["StatusCallbackEvent"], [
      "initiated",
      "answered",
      "completed",
    ]);
    assert.deepEqual(fake.call(call.sid).statusCallbackEvents, [
      "initiated",
      "answered",
      "completed",
    ]);
    const fetched = await client.calls(call.sid).fetch();
    assert.equal(fetched.to, "+15550001111");
    const redirected = await client
      .calls(call.sid)
      .update({ twiml: "<Response><Hangup/></Response>" });
    assert.equal(redirected.sid, call.sid);
    assert.equal(fake.call(call.sid).twiml, "<Response><Hangup/></Response>");
    const ended = await client.calls(call.sid).update({ status: "completed" });
    assert.equal(ended.status, "completed");
    const status = hooks.received.find(
      (r) => r.path === "/status" && r.params["CallSid"] === call.sid,
    );
    assert.equal(status?.params["CallStatus"], "completed");
    assert.equal(
      status?.validSignature,
      true,
      "status callbacks are signed with the account token",
    );
    await assert.rejects(
      client.calls(call.sid).update({ url: `${hooks.base}/voice` }),
      (e: unknown) => e instanceof twilio.RestException && e.code === 21220,
    );
  });

  it("answers an outbound call by fetching TwiML from Url with a valid signature", async () => {
    const call = await client.calls.create({
      to: "+15550003333",
      from: "+15550002222",
      url: `${hooks.base}/voice?leg=a`,
    });
    const twiml = await fake.answerCall(call.sid);
    assert.equal(twiml, "<Response><Say>Hello from the agent</Say></Response>");
    const voice = hooks.received.find(
      (r) => r.path === "/voice?leg=a" && r.params["CallSid"] === call.sid,
    );
    assert.equal(voice?.validSignature, true);
    assert.equal(voice?.params["CallStatus"], "in-progress");
    assert.equal(fake.call(call.sid).status, "in-progress");
  });

  it("rejects wrong credentials and bad requests with Twilio's error JSON", async () => {
    const stranger = twilio(account.sid, "wrong-token", {
      httpClient: createTwilioHttpClient(fake.apiBase),
    });
    await assert.rejects(
      stranger.calls.create({ to: "+1", from: "+2", url: "http://x" }),
      (e: unknown) => {
        assert.ok(e instanceof twilio.RestException);
        assert.equal(e.status, 401);
        assert.equal(e.code, 20003);
        return true;
      },
    );
    await assert.rejects(
      client.calls.create({ to: "+15550001111", from: "+15550002222" } as never),
      (e: unknown) => e instanceof twilio.RestException && e.code === 21205,
    );
    await assert.rejects(
      client.calls("CA00000000000000000000000000000000").fetch(),
      (e: unknown) => e instanceof twilio.RestException && e.status === 404,
    );
    fake.failNext("createCall", {
      kind: "error",
      status: 503,
      code: 20503,
      message: "Service Unavailable",
    });
    await assert.rejects(
      client.calls.create({ to: "+1", from: "+2", url: "http://x" }),
      (e: unknown) => e instanceof twilio.RestException && e.status === 503,
    );
    fake.failNext("fetchCall", { kind: "drop" });
    await assert.rejects(
      client.calls("CA00000000000000000000000000000000").fetch(),
      (e: unknown) => !(e instanceof twilio.RestException),
    );
  });

  it("signs inbound voice webhooks that twilio.validateRequest accepts, and only those", async () => {
    const url = `${hooks.base}/voice/gather?session=1`;
    const params = voiceWebhookParams({
      accountSid: account.sid,
      callSid: "CA" + "1".repeat(32),
      from: "+15551230000",
      to: "+15550002222",
      callStatus: "in-progress",
      speechResult: "what's the weather",
    });
    assert.equal(params["SpeechResult"], "what's the weather");
    assert.equal(params["Direction"], "inbound");
    const response = await postTwilioWebhook(account.authToken, url, params);
    assert.equal(response.status, 200);
    assert.equal(hooks.received.at(-1)?.validSignature, true);
    const forged = signedWebhookRequest("not-the-token", url, params);
    assert.equal((await fetch(forged.url, forged.init)).status, 403);
    const tampered = signedWebhookRequest(account.authToken, url, params);
    tampered.init.body = tampered.init.body.replace("weather", "password");
    assert.equal((await fetch(tampered.url, tampered.init)).status, 403);
  });

  it("rewrites any twilio.com host to the API base and leaves others alone", () => {
    assert.equal(
      rewriteTwilioUri(
        "https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/AC1/Calls.json?x=1",
        "http://127.0.0.1:9/base/",
      ),
      "http://127.0.0.1:9/base/2010-04-01/Accounts/AC1/Calls.json?x=1",
    );
    assert.equal(
      rewriteTwilioUri("https://example.com/a", "http://127.0.0.1:9"),
      "https://example.com/a",
    );
  });
});
