import { errorMessage } from "@clawfleet/core";
import { BusError, BusErrorCode, PairingApprove, PairingList, type Bus } from "@clawfleet/bus";
import { USAGE_EXIT_CODE, type CliIo, type Command } from "../command.js";
import { connectCliBus } from "../connect-cli-bus.js";
import { BUS_ENV } from "../help-sections.js";

const USAGE =
  "pairing list [channel] [--account ID] [--json] | pairing approve <channel> <code> [--account ID] [--notify]";

function minutesLeft(expiresAt: number): string {
  return `${Math.max(0, Math.round((expiresAt - Date.now()) / 60_000))} min`;
}

async function list(
  bus: Bus,
  io: CliIo,
  channel: string | undefined,
  accountId: string | undefined,
  json: boolean,
): Promise<number> {
  const { requests } = await bus.request(
    PairingList,
    {},
    { ...(channel ? { channel } : {}), ...(accountId ? { accountId } : {}) },
  );
  if (json) {
    io.out(JSON.stringify(requests, null, 2));
    return 0;
  }
  if (requests.length === 0) {
    io.out(`no pending pairing requests${channel ? ` on ${channel}` : ""}`);
    return 0;
  }
  for (const r of requests) {
    const who = r.senderName ? `${r.senderId} (${r.senderName})` : r.senderId;
    io.out(
      `${r.channel.padEnd(9)} ${r.accountId.padEnd(12)} ${r.code}  sender ${who}  expires in ${minutesLeft(r.expiresAt)}`,
    );
  }
  io.out(`approve with: clawfleet pairing approve <channel> <code>`);
  return 0;
}

async function approve(
  bus: Bus,
  io: CliIo,
  channel: string,
  code: string,
  accountId: string | undefined,
  notify: boolean,
): Promise<number> {
  const result = await bus.request(
    PairingApprove,
    {},
    { channel, code, ...(accountId ? { accountId } : {}), notify },
  );
  const who = result.senderName ? `${result.senderId} (${result.senderName})` : result.senderId;
  io.out(
    `approved ${result.channel} sender ${who} on account ${result.accountId}${notify ? "; they were told in their DM" : ""}`,
  );
  return 0;
}

/** `pairing list|approve`: DM pairing requests, over the bus (the channels service answers). */
export const pairingCommand: Command = {
  name: "pairing",
  summary: "list or approve DM pairing requests (Telegram, Discord)",
  usage: USAGE,
  help: [
    "Options:",
    "  --account ID   the bot account (default: every account of the channel)",
    "  --json         print the pending requests as JSON",
    "  --notify       tell the approved sender in their DM",
    "",
    "Environment:",
    ...BUS_ENV,
    "",
    "Examples:",
    "  clawfleet pairing list telegram",
    "  clawfleet pairing approve telegram 4F7KQ2 --notify",
  ],
  maxPositionals: 3,
  options: { account: { type: "string" }, json: { type: "boolean" }, notify: { type: "boolean" } },
  async run({ positionals, values, io }) {
    const [action, channel, code] = positionals;
    const accountId = typeof values.account === "string" ? values.account : undefined;
    const valid =
      (action === "list" && code === undefined) ||
      (action === "approve" && channel !== undefined && code !== undefined);
    if (!valid) {
      io.err(
        `clawfleet: ${action ? `unknown pairing action or arguments: ${positionals.join(" ")}` : "pairing needs an action"}`,
      );
      io.err(`Usage: clawfleet ${USAGE}`);
      return USAGE_EXIT_CODE;
    }
    const bus = await connectCliBus(io, "pairing");
    if (!bus) return 1;
    try {
      if (action === "list") return await list(bus, io, channel, accountId, values.json === true);
      return await approve(bus, io, channel!, code!, accountId, values.notify === true);
    } catch (error) {
      if (
        error instanceof BusError &&
        (error.code === BusErrorCode.NoResponders || error.code === BusErrorCode.Timeout)
      ) {
        io.err(
          "clawfleet pairing: no channels service answers on the bus; start it with `clawfleet channels` (or `clawfleet all`)",
        );
      } else {
        io.err(`clawfleet pairing: ${errorMessage(error)}`);
      }
      return 1;
    } finally {
      await bus.close();
    }
  },
};
