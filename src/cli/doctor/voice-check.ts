import type { OpenClawConfig } from "@clawfleet/config";
import type { DoctorInput } from "./doctor-input.js";
import type { Finding } from "./finding.js";
import { setSecretFix } from "./platform-fix.js";

/**
 * Which voice provider is active and whether its credentials are there: Twilio's account SID and
 * auth token, or Telnyx's API key, Call Control connection id and webhook public key (without which
 * every Telnyx webhook is refused), plus the ngrok token when ngrok is the tunnel.
 */
export function checkVoice(config: OpenClawConfig, env: DoctorInput["env"]): Finding[] {
  const voice = config.plugins.entries["voice-call"];
  if (!voice?.enabled) return [];
  const c = voice.config;
  const findings: Finding[] = [
    {
      severity: "info",
      check: "voice",
      message: `voice calls via ${c.provider}${c.streaming.enabled ? " with streamed conversations (Media Streams, Twilio only)" : ""}`,
    },
  ];
  const need = (present: boolean, message: string, fix: string) =>
    findings.push(
      present
        ? { severity: "ok", check: "voice", message: `${message}: set` }
        : {
            severity: "error",
            check: "voice",
            message: `${message}: missing`,
            fix: setSecretFix(env, fix),
          },
    );
  if (c.provider === "twilio")
    need(
      Boolean(
        (c.twilio?.accountSid || env.TWILIO_ACCOUNT_SID) &&
        (c.twilio?.authToken || env.TWILIO_AUTH_TOKEN),
      ),
      "Twilio account SID and auth token",
      "TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=…",
    );
  if (c.provider === "telnyx") {
    need(
      Boolean(
        (c.telnyx?.apiKey || env.TELNYX_API_KEY) &&
        (c.telnyx?.connectionId || env.TELNYX_CONNECTION_ID),
      ),
      "Telnyx API key and connection id",
      "TELNYX_API_KEY=KEY… TELNYX_CONNECTION_ID=…",
    );
    need(
      Boolean(c.telnyx?.publicKey || env.TELNYX_PUBLIC_KEY),
      "Telnyx webhook public key (checks every webhook's signature)",
      "TELNYX_PUBLIC_KEY=<the public key from Mission Control → Keys & Credentials>",
    );
  }
  if (c.tunnel?.provider === "ngrok")
    need(
      Boolean(c.tunnel.ngrokAuthToken || env.NGROK_AUTHTOKEN),
      "ngrok auth token",
      "NGROK_AUTHTOKEN=…",
    );
  return findings;
}
