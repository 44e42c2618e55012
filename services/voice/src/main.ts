import { provision } from "@clawfleet/bus";
import type { RunningService, ServiceContext } from "@clawfleet/runtime";
import { MockTelephony } from "./adapters/mock/mock-telephony.js";
import { openNgrokTunnel } from "./adapters/ngrok/ngrok-tunnel.js";
import { openTailscaleFunnel } from "./adapters/tailscale/tailscale-funnel.js";
import { TelnyxApi } from "./adapters/telnyx/telnyx-api.js";
import { TelnyxCallDriver } from "./adapters/telnyx/telnyx-call-driver.js";
import { startTelnyxTimerSweep } from "./adapters/telnyx/telnyx-timer-sweep.js";
import { TelnyxTelephony } from "./adapters/telnyx/telnyx-telephony.js";
import { TwilioTelephony } from "./adapters/twilio/twilio-telephony.js";
import { CallEngine } from "./calls/call-engine.js";
import { startCallReaper } from "./calls/call-reaper.js";
import { CallStore } from "./calls/call-store.js";
import { CallUpdates } from "./calls/call-updates.js";
import { Providers } from "./calls/telephony.js";
import { ingressChanged, resolveVoiceSettings, settingsSecrets } from "./domain/voice-settings.js";
import { serveCallRpcs } from "./handlers/call-rpcs.js";
import { serveMockRpcs } from "./handlers/mock-rpcs.js";
import { consumeVoiceReplies, VoiceOutbox } from "./handlers/outbox-replies.js";
import { createTelnyxWebhookHandler } from "./handlers/telnyx-webhook.js";
import { createTwilioWebhookHandler } from "./handlers/twilio-webhook.js";
import { serveIngressRpcs } from "./handlers/voice-status.js";
import { VoiceIngress } from "./ingress/voice-ingress.js";
import { createMediaStreams } from "./streaming/media-streams.js";
import { serveStreamRelay } from "./streaming/stream-relay.js";

/** Longest a webhook waits for the agent before Twilio is asked to come back (Twilio waits 15 s, the gateway 12 s). */
const WAIT_SLICE_MS = 8000;
/** How long a Telnyx call listens without a final transcript before it counts as silence (Twilio's Gather waits 5 s). */
const TELNYX_SILENCE_MS = 8000;

/** Composition root of the voice service: builds its parts from the context and starts them. */
export async function startVoice(ctx: ServiceContext): Promise<RunningService> {
  const log = ctx.logger.child({ subsystem: "voice" });
  const { bus } = ctx;
  let settings = resolveVoiceSettings(ctx.config.current, ctx.env);
  for (const secret of settingsSecrets(settings)) ctx.rootLogger.redactor.add(secret);
  await provision(bus, { streams: [], consumers: [VoiceOutbox], buckets: [] }, ctx.logger);

  const countWebhook = (event: string, status: number) =>
    ctx.metrics.inc(
      "clawfleet_voice_webhooks_total",
      "Provider webhooks answered, by event and HTTP status.",
      { event, status: String(status) },
    );
  const twilio = new TwilioTelephony(() => settings.twilio);
  const telnyxApi = new TelnyxApi(() => settings.telnyx);
  const providers: Providers = new Providers(
    {
      twilio: {
        telephony: twilio,
        webhook: (request) => twilioWebhook(request),
      },
      telnyx: {
        telephony: new TelnyxTelephony(telnyxApi, (callId) => telnyxDriver.deliverReply(callId)),
        webhook: (request) => telnyxWebhook(request),
      },
      mock: { telephony: new MockTelephony() },
    },
    () => settings.provider,
  );
  const engine = new CallEngine({
    bus,
    store: await CallStore.open(bus),
    updates: new CallUpdates(bus),
    telephony: () => providers.telephony(),
    settings: () => settings,
    config: () => ctx.config.current,
    log,
    now: Date.now,
  });
  const ingress: VoiceIngress = new VoiceIngress({
    settings: () => settings,
    handle: (request) => providers.webhook(request),
    upgrade: (req, socket, head) => streams.server.upgrade(req, socket, head),
    openTunnel: (options) =>
      options.provider === "tailscale-funnel"
        ? openTailscaleFunnel({
            port: options.port,
            host: options.host,
            httpsPort: options.funnelPort,
            path: options.funnelPath,
            localPath: options.path,
          })
        : openNgrokTunnel(options),
    log,
    now: Date.now,
  });
  const streams = createMediaStreams({
    engine,
    settings: () => settings,
    redirect: (providerCallId, url) => twilio.redirect(providerCallId, url),
    webhookUrl: () => ingress.webhookUrl(),
    log,
    signal: ctx.shutdownSignal,
  });
  const twilioWebhook = createTwilioWebhookHandler({
    streaming: streams.answers,
    engine,
    publicBases: () => ingress.publicBases(),
    log,
    waitSliceMs: WAIT_SLICE_MS,
    signal: ctx.shutdownSignal,
    count: countWebhook,
  });
  const telnyxDriver = new TelnyxCallDriver(engine, telnyxApi, log, {
    silenceMs: TELNYX_SILENCE_MS,
  });
  const telnyxWebhook = createTelnyxWebhookHandler({
    engine,
    driver: telnyxDriver,
    log,
    count: countWebhook,
  });
  const status = async () => ({
    instanceId: ctx.instanceId,
    enabled: settings.enabled,
    provider: settings.provider,
    ...ingress.status(),
    activeCalls: (await engine.deps.store.liveIds(Date.now())).length,
    maxConcurrentCalls: settings.maxConcurrentCalls,
  });
  const served = [
    ...serveCallRpcs(bus, engine, () => ingress.webhookUrl()),
    ...serveMockRpcs(bus, engine, ctx.shutdownSignal),
    ...serveIngressRpcs(bus, status, (request) => providers.webhook(request)),
  ];
  const streamRelay = serveStreamRelay(
    bus,
    streams.server,
    log.child({ subsystem: "stream-relay" }),
  );
  const replies = consumeVoiceReplies(bus, engine, ctx.logger);
  const stopReaper = startCallReaper(engine);
  const stopTimerSweep = startTelnyxTimerSweep(
    telnyxDriver,
    () => settings.enabled && settings.provider === "telnyx",
    log,
  );
  ctx.metrics.gauge(
    "clawfleet_voice_tunnel_up",
    "1 while this instance's tunnel (ngrok or Tailscale Funnel) is up.",
    () => (ingress.status().tunnel.state === "up" ? 1 : 0),
  );
  await ingress.start();

  const stopFollowing = ctx.config.onChange(({ config }) => {
    const previous = settings;
    settings = resolveVoiceSettings(config, ctx.env);
    for (const secret of settingsSecrets(settings)) ctx.rootLogger.redactor.add(secret);
    if (ingressChanged(previous, settings))
      void ingress
        .restart()
        .catch((error: unknown) => log.error("restarting the voice listener failed", { error }));
  });
  log.info(
    settings.enabled
      ? `voice calls via ${settings.provider}; webhook URL ${ingress.webhookUrl() ?? "not set (no publicUrl or tunnel yet)"}`
      : "voice calls are disabled (plugins.entries.voice-call.enabled is not true); answering status requests only",
  );

  return {
    async stop() {
      stopFollowing();
      stopReaper();
      stopTimerSweep();
      streamRelay.stop();
      streams.server.close();
      telnyxDriver.stop();
      for (const subscription of served) subscription.unsubscribe();
      await ingress.stop();
      await replies.stop();
      log.info("stopped taking calls");
    },
    stats: () => ({
      voice: { enabled: settings.enabled, provider: settings.provider, ...ingress.status() },
    }),
  };
}
