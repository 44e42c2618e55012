import { errorMessage } from "@clawfleet/core";
import {
  BusError,
  BusErrorCode,
  VoiceCallEnd,
  VoiceCallInitiate,
  VoiceCallList,
  VoiceCallStatus,
  VoiceMockInbound,
  VoiceMockSay,
  VoiceStatus,
  type Bus,
  type CallRecord,
  type VoiceMockReply,
  type VoiceServiceStatus,
} from "@clawfleet/bus";
import { USAGE_EXIT_CODE, type CliIo, type Command } from "../command.js";
import { connectCliBus } from "../connect-cli-bus.js";
import { BUS_ENV } from "../help-sections.js";

const USAGE = [
  "voicecall call [--to +15550001234] [--message TEXT] [--mode notify|conversation] [--agent ID] [--json]",
  "voicecall status [CALL_ID] [--json]       (no id: the voice service and its live calls)",
  "voicecall end CALL_ID [--json]",
  "voicecall list [--json]",
  "voicecall say CALL_ID --message TEXT      (provider mock: speak as the caller, print the reply)",
  "voicecall inbound --from +15550001234     (provider mock: ring in as a caller)",
].join("\n         clawfleet ");

type Values = Record<string, string | boolean | undefined>;

function line(call: CallRecord): string {
  const peer = call.direction === "inbound" ? `${call.from} → us` : `us → ${call.to}`;
  const reason = call.endReason ? ` (${call.endReason})` : "";
  return `${call.callId}  ${call.direction.padEnd(8)} ${peer}  ${call.mode}  ${call.status}${reason}`;
}

function describe(call: CallRecord): string[] {
  const out = [
    line(call),
    `  session ${call.sessionKey}   provider ${call.provider}${call.providerCallId ? ` ${call.providerCallId}` : ""}`,
  ];
  out.push(
    `  started ${new Date(call.startedAt).toISOString()}${call.endedAt ? `, ended ${new Date(call.endedAt).toISOString()}` : ""}`,
  );
  if (call.error) out.push(`  error: ${call.error}`);
  for (const entry of call.transcript ?? [])
    out.push(`  ${entry.role === "user" ? "caller" : "agent "}: ${entry.text}`);
  return out;
}

function describeService(status: VoiceServiceStatus): string[] {
  const tunnel =
    status.tunnel.state === "off"
      ? "off"
      : `${status.tunnel.provider} ${status.tunnel.state}${status.tunnel.url ? ` ${status.tunnel.url}` : ""}${status.tunnel.error ? `: ${status.tunnel.error}` : ""}`;
  return [
    `voice ${status.enabled ? "enabled" : "disabled"} (provider ${status.provider}) on instance ${status.instanceId}`,
    `  webhook URL ${status.webhookUrl ?? "none"} (from ${status.publicUrlSource})`,
    `  listener ${status.listener.url ?? "not running"}${status.listener.error ? `: ${status.listener.error}` : ""}`,
    `  tunnel ${tunnel}`,
    `  live calls ${status.activeCalls}/${status.maxConcurrentCalls}`,
  ];
}

function mockReply(reply: VoiceMockReply): string[] {
  return [
    ...reply.spoken.map((text) => `agent : ${text}`),
    ...(reply.ended ? ["(call ended)"] : []),
    `call ${reply.call.callId} ${reply.call.status}`,
  ];
}

async function run(
  bus: Bus,
  action: string,
  id: string | undefined,
  values: Values,
  io: CliIo,
): Promise<unknown> {
  const print = (value: unknown, text: () => string[]) =>
    values.json ? io.out(JSON.stringify(value, null, 2)) : io.out(text().join("\n"));
  const mode = values.mode === undefined ? undefined : String(values.mode);
  if (mode !== undefined && mode !== "notify" && mode !== "conversation")
    throw new BusError(
      BusErrorCode.BadRequest,
      `--mode must be notify or conversation, not ${mode}`,
    );
  switch (action) {
    case "call": {
      const call = await bus.request(
        VoiceCallInitiate,
        {},
        {
          to: values.to as string | undefined,
          message: values.message as string | undefined,
          mode: mode ?? (values.message ? "notify" : "conversation"),
          agentId: values.agent as string | undefined,
        },
      );
      return print(call, () => [
        ...describe(call),
        ...(call.provider === "mock" && call.status === "in-progress"
          ? [`play the caller: clawfleet voicecall say ${call.callId} --message "…"`]
          : []),
      ]);
    }
    case "status": {
      if (id) {
        const call = await bus.request(VoiceCallStatus, {}, { callId: id });
        return print(call, () => describe(call));
      }
      const [status, live] = await Promise.all([
        bus.request(VoiceStatus, {}, {}),
        bus.request(VoiceCallList, {}, { limit: 50, activeOnly: true }),
      ]);
      return print({ ...status, calls: live.calls }, () => [
        ...describeService(status),
        ...live.calls.map((call) => `  ${line(call)}`),
      ]);
    }
    case "end": {
      const call = await bus.request(VoiceCallEnd, {}, { callId: id! });
      return print(call, () => describe(call));
    }
    case "list": {
      const { calls } = await bus.request(VoiceCallList, {}, { limit: 20 });
      return print(calls, () => (calls.length ? calls.map(line) : ["no calls yet"]));
    }
    case "say": {
      const reply = await bus.request(
        VoiceMockSay,
        {},
        { callId: id!, text: String(values.message ?? "") },
      );
      return print(reply, () => mockReply(reply));
    }
    case "inbound": {
      const reply = await bus.request(VoiceMockInbound, {}, { from: String(values.from) });
      return print(reply, () => [
        ...mockReply(reply),
        ...(reply.ended
          ? []
          : [`speak: clawfleet voicecall say ${reply.call.callId} --message "…"`]),
      ]);
    }
  }
}

/** `voicecall call|status|end|list|say|inbound`: phone calls through the voice service, over the bus. */
export const voicecallCommand: Command = {
  name: "voicecall",
  summary: "place, inspect and end phone calls; with provider mock, play the caller",
  usage: USAGE,
  help: [
    "Options:",
    "  --to NUMBER      number to call (E.164; default: the configured toNumber)",
    "  --from NUMBER    the caller (inbound, provider mock)",
    "  --message TEXT   what to say first",
    "  --mode MODE      notify (say and hang up) | conversation",
    "  --agent ID       agent that talks",
    "  --call-id ID     the call (instead of CALL_ID)",
    "  --json           print as JSON",
    "",
    "Environment:",
    ...BUS_ENV,
    "",
    "Examples:",
    "  clawfleet voicecall call --to +15550001234 --message 'Dinner is ready'",
    "  clawfleet voicecall status",
  ],
  maxPositionals: 2,
  options: {
    to: { type: "string" },
    from: { type: "string" },
    message: { type: "string" },
    mode: { type: "string" },
    agent: { type: "string" },
    "call-id": { type: "string" },
    json: { type: "boolean" },
  },
  async run({ positionals, values, io }) {
    const [action, positionalId] = positionals;
    const id = positionalId ?? (values["call-id"] as string | undefined);
    const needsId = action === "end" || action === "say";
    const known = ["call", "status", "end", "list", "say", "inbound"].includes(action ?? "");
    if (
      !known ||
      (needsId && !id) ||
      (action === "inbound" && !values.from) ||
      (action === "say" && values.message === undefined)
    ) {
      io.err(
        `clawfleet: ${known ? `voicecall ${action} is missing an argument` : action ? `unknown voicecall action: ${action}` : "voicecall needs an action"}`,
      );
      io.err(`Usage: clawfleet ${USAGE}`);
      return USAGE_EXIT_CODE;
    }
    const bus = await connectCliBus(io, "voicecall");
    if (!bus) return 1;
    try {
      await run(bus, action!, id, values, io);
      return 0;
    } catch (error) {
      const noService =
        error instanceof BusError &&
        (error.code === BusErrorCode.NoResponders || error.code === BusErrorCode.Timeout);
      io.err(
        `clawfleet voicecall: ${noService ? `no voice service answers on the bus (${error.message}); start it with \`clawfleet voice\` or \`clawfleet all\`` : errorMessage(error)}`,
      );
      return 1;
    } finally {
      await bus.close();
    }
  },
};
