import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ChannelLogin, ChannelLogout, connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { runChannelsLogin } from "./channels-login-command.js";

let nats: NatsTestServer;
let bus: Bus;
before(async () => {
  nats = await startNatsServer();
  bus = await connectBus({ servers: nats.url, name: "holder", logger: silentLogger });
});
after(async () => {
  await bus.close();
  await nats.dispose();
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: (t: string) => void out.push(t),
      err: (t: string) => void err.push(t),
      env: { NATS_URL: nats.url },
      isTerminal: false,
    },
  };
}

test("login prints the QR in the terminal, a new one when it rotates, and exits 0 once linked", async () => {
  const replies = [
    { connected: false, qr: "qr-one", qrDataUrl: "data:", message: "scan" },
    { connected: false, qr: "qr-two", qrDataUrl: "data:", message: "a new QR code: scan it" },
    { connected: true, message: "linked as +15550100000" },
  ];
  const steps: string[] = [];
  const sub = bus.serve(ChannelLogin, { channel: "whatsapp", account: "work" }, (request) => {
    steps.push(request.step);
    return replies.shift()!;
  });
  await bus.flush();
  const capture = io();
  try {
    const code = await runChannelsLogin({
      positionals: ["login", "whatsapp"],
      values: { account: "work" },
      io: capture.io,
    });
    assert.equal(code, 0, capture.err.join("\n"));
  } finally {
    sub.unsubscribe();
  }
  assert.deepEqual(steps, ["start", "wait", "wait"]);
  const qrs = capture.out.filter((line) => /[▀▄█]/.test(line));
  assert.equal(qrs.length, 2, "each QR rendered once");
  assert.match(capture.out.at(-1) ?? "", /whatsapp\/work: linked as \+15550100000/);
});

test("logout reports the holder's answer; nobody holding the account is said plainly", async () => {
  const sub = bus.serve(ChannelLogout, { channel: "whatsapp", account: "default" }, () => ({
    loggedOut: true,
    message: "logged out; the stored WhatsApp session is gone",
  }));
  await bus.flush();
  const capture = io();
  try {
    assert.equal(
      await runChannelsLogin({ positionals: ["logout", "whatsapp"], values: {}, io: capture.io }),
      0,
    );
  } finally {
    sub.unsubscribe();
  }
  assert.match(capture.out.join("\n"), /stored WhatsApp session is gone/);
  const none = io();
  assert.equal(
    await runChannelsLogin({ positionals: ["login", "whatsapp"], values: {}, io: none.io }),
    1,
  );
  assert.match(none.err.join("\n"), /no channels instance holds whatsapp\/default/);
});

test("wrong actions, token channels and bad account ids exit 2 without the bus", async () => {
  for (const [positionals, pattern] of [
    [["link", "whatsapp"], /Usage: clawfleet channels login whatsapp\|signal/],
    [["logout", "signal"], /logout signal: not supported; unlink the device in Signal/],
    [["login"], /Usage/],
    [["login", "telegram"], /telegram has no QR login/],
  ] as const) {
    const capture = io();
    assert.equal(
      await runChannelsLogin({ positionals: [...positionals], values: {}, io: capture.io }),
      2,
    );
    assert.match(capture.err.join("\n"), pattern);
  }
  const capture = io();
  assert.equal(
    await runChannelsLogin({
      positionals: ["login", "whatsapp"],
      values: { account: "a.b" },
      io: capture.io,
    }),
    2,
  );
});

test("login signal shows the device-link QR and tells where to scan it in Signal", async () => {
  const uri = "sgnl://linkdevice?uuid=abc&pub_key=def";
  let waits = 0;
  const sub = bus.serve(ChannelLogin, { channel: "signal", account: "default" }, (request) =>
    request.step === "start"
      ? { connected: false, qr: uri, message: "scan" }
      : { connected: ++waits > 0, message: "linked +15550009999; connecting" },
  );
  try {
    const capture = io();
    assert.equal(
      await runChannelsLogin({ positionals: ["login", "signal"], values: {}, io: capture.io }),
      0,
    );
    assert.ok(
      capture.out.some((line) => /[▀▄█]/.test(line)),
      "a QR in the terminal",
    );
    assert.ok(
      capture.out.some((line) => /Scan it in Signal: Settings → Linked devices/.test(line)),
    );
    assert.match(capture.out.at(-1) ?? "", /signal\/default: linked \+15550009999/);
  } finally {
    sub.unsubscribe();
  }
});
