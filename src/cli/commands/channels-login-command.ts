import { errorMessage } from "@clawfleet/core";
import {
  BusError,
  BusErrorCode,
  ChannelLogin,
  ChannelLogout,
  type Bus,
  type ChannelLoginReply,
} from "@clawfleet/bus";
import { USAGE_EXIT_CODE, type CliIo, type CommandInput } from "../command.js";
import { connectCliBus } from "../connect-cli-bus.js";

/** Usage of the login and logout actions of `clawfleet channels`. */
export const CHANNELS_LOGIN_USAGE =
  "channels login whatsapp|signal [--account ID] [--force] | channels logout whatsapp [--account ID]";

/** How long a terminal login waits for the scan before giving up. */
const LOGIN_DEADLINE_MS = 5 * 60_000;
const WAIT_STEP_MS = 60_000;

async function renderQr(qr: string): Promise<string> {
  // qrcode is CommonJS: the bundle's namespace for it has only `default` (module.exports).
  const { default: qrcode } = await import("qrcode");
  return qrcode.toString(qr, { type: "terminal", small: true });
}

async function login(
  bus: Bus,
  io: CliIo,
  params: { channel: string; account: string },
  force: boolean,
): Promise<number> {
  let reply: ChannelLoginReply = await bus.request(
    ChannelLogin,
    params,
    { step: "start", ...(force ? { force } : {}) },
    { timeoutMs: 45_000 },
  );
  let shown: string | undefined;
  const deadline = Date.now() + LOGIN_DEADLINE_MS;
  for (;;) {
    if (reply.connected) {
      io.out(`${params.channel}/${params.account}: ${reply.message}`);
      return 0;
    }
    if (!reply.qr && shown === undefined) {
      io.err(`clawfleet channels login: ${reply.message}`);
      return 1;
    }
    if (reply.qr && reply.qr !== shown) {
      shown = reply.qr;
      io.out(await renderQr(reply.qr));
      io.out(
        params.channel === "signal"
          ? "Scan it in Signal: Settings → Linked devices → + (waiting…)"
          : "Scan it in WhatsApp: Settings → Linked devices → Link a device (waiting…)",
      );
    } else if (!reply.qr && !/still waiting/.test(reply.message)) {
      io.err(`clawfleet channels login: ${reply.message}`);
      return 1;
    }
    if (Date.now() > deadline) {
      io.err("clawfleet channels login: nobody scanned the QR in 5 minutes; run it again");
      return 1;
    }
    reply = await bus.request(
      ChannelLogin,
      params,
      { step: "wait", timeoutMs: WAIT_STEP_MS },
      { timeoutMs: WAIT_STEP_MS + 5000 },
    );
  }
}

async function logout(
  bus: Bus,
  io: CliIo,
  params: { channel: string; account: string },
): Promise<number> {
  const reply = await bus.request(ChannelLogout, params, {}, { timeoutMs: 30_000 });
  io.out(`${params.channel}/${params.account}: ${reply.message}`);
  return 0;
}

/**
 * `clawfleet channels login|logout <channel>`: QR login in the terminal (over `fly ssh console`
 * too) of WhatsApp or Signal (a signal-cli linked device), and WhatsApp's logout, asked over the bus
 * of the channels instance holding the account.
 */
export async function runChannelsLogin(input: CommandInput): Promise<number> {
  const { positionals, values, io } = input;
  const [action, channel] = positionals;
  if ((action !== "login" && action !== "logout") || !channel || positionals.length > 2) {
    io.err(`clawfleet: unknown channels action or arguments: ${positionals.join(" ")}`);
    io.err(`Usage: clawfleet ${CHANNELS_LOGIN_USAGE}`);
    return USAGE_EXIT_CODE;
  }
  if (channel === "signal" && action === "logout") {
    io.err(
      "clawfleet channels logout signal: not supported; unlink the device in Signal (Settings → Linked devices) and remove the account from signal-cli's data directory (docs/operations.md)",
    );
    return USAGE_EXIT_CODE;
  }
  if (channel !== "whatsapp" && channel !== "signal") {
    io.err(
      `clawfleet channels ${action}: ${channel} has no QR login; it connects with the token in channels.${channel}`,
    );
    return USAGE_EXIT_CODE;
  }
  const account = typeof values.account === "string" ? values.account : "default";
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(account)) {
    io.err(`clawfleet channels ${action}: account "${account}" must be letters, digits, - or _`);
    return USAGE_EXIT_CODE;
  }
  const bus = await connectCliBus(io, `channels ${action}`);
  if (!bus) return 1;
  const params = { channel, account };
  try {
    return action === "login"
      ? await login(bus, io, params, values.force === true)
      : await logout(bus, io, params);
  } catch (error) {
    if (error instanceof BusError && error.code === BusErrorCode.NoResponders) {
      io.err(
        `clawfleet channels ${action}: no channels instance holds ${channel}/${account}; is channels.${channel} configured${channel === "whatsapp" ? ", CLAWFLEET_STATE_KEY set" : ""} and \`clawfleet channels\` running? (see \`clawfleet status\`)`,
      );
    } else {
      io.err(`clawfleet channels ${action}: ${errorMessage(error)}`);
    }
    return 1;
  } finally {
    await bus.close();
  }
}
