import assert from "node:assert/strict";
import { test } from "node:test";
import { renderTwiml, type TwimlUrls } from "./twiml.js";

const urls: TwimlUrls = {
  speech: (turn) => `https://v.example/voice/webhook?callId=CA1&event=speech&turn=${turn}`,
  silence: (turn) => `https://v.example/voice/webhook?callId=CA1&event=silence&turn=${turn}`,
  wait: () => "https://v.example/voice/webhook?callId=CA1&event=wait",
};

test("a reply is said inside a speech Gather, which falls through to the silence URL", () => {
  const xml = renderTwiml(
    [
      { kind: "say", text: 'Tom & Jerry <3 "quotes"' },
      { kind: "listen", turn: 2 },
    ],
    urls,
  );
  assert.equal(
    xml,
    '<?xml version="1.0" encoding="UTF-8"?><Response>' +
      '<Gather input="speech" method="POST" speechTimeout="auto" timeout="5" action="https://v.example/voice/webhook?callId=CA1&amp;event=speech&amp;turn=2">' +
      "<Say>Tom &amp; Jerry &lt;3 &quot;quotes&quot;</Say></Gather>" +
      '<Redirect method="POST">https://v.example/voice/webhook?callId=CA1&amp;event=silence&amp;turn=2</Redirect></Response>',
  );
});

test("waiting redirects to the wait URL and a hang-up follows what is said", () => {
  assert.match(
    renderTwiml([{ kind: "wait" }], urls),
    /<Response><Redirect method="POST">https:\/\/v\.example\/voice\/webhook\?callId=CA1&amp;event=wait<\/Redirect><\/Response>$/,
  );
  assert.match(
    renderTwiml([{ kind: "say", text: "Bye." }, { kind: "hangup" }], urls),
    /<Response><Say>Bye\.<\/Say><Hangup\/><\/Response>$/,
  );
});
