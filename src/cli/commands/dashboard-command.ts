import { createHash, randomBytes } from "node:crypto";
import { BusError, BusErrorCode, DashboardLink } from "@clawfleet/bus";
import { errorMessage } from "@clawfleet/core";
import type { Command } from "../command.js";
import { connectCliBus } from "../connect-cli-bus.js";
import { browserOpener, openInBrowser } from "../dashboard/open-browser.js";

/** Same prefix the gateway looks for in `?token=` (services/gateway/src/dashboard/dashboard-codes.ts). */
const CODE_PREFIX = "cfo1_";

/**
 * `dashboard`: a one-time Control UI link (single use, ten minutes). The code is made here and only
 * its SHA-256 goes to the gateway over the bus; the gateway token is never printed or sent.
 */
export const dashboardCommand: Command = {
  name: "dashboard",
  summary: "print (and open in a browser) a one-time Control UI link, as `openclaw dashboard`",
  usage: "dashboard [--no-open] [--json]",
  help: [
    "The link signs this browser in once, within ten minutes; the browser then keeps its own",
    "credential (revoked when the gateway token changes). The gateway token is never printed.",
    "",
    "Options:",
    "  --no-open  print the link, do not start a browser",
    "  --json     print {url, tokenIncluded, expiresAt} and open nothing",
    "",
    "Environment:",
    "  NATS_URL   the bus of the running gateway (default: the one `clawfleet all` started)",
    "  NATS_TOKEN token of that bus",
    "  BROWSER    command that opens the link (`none`: never open one)",
    "",
    "Examples:",
    "  clawfleet dashboard",
    "  fly ssh console -C 'clawfleet dashboard --no-open'",
  ],
  options: { "no-open": { type: "boolean" }, json: { type: "boolean" } },
  async run({ values, io }) {
    const bus = await connectCliBus(io, "dashboard");
    if (!bus) return 1;
    const code = `${CODE_PREFIX}${randomBytes(24).toString("base64url")}`;
    let reply;
    try {
      reply = await bus.request(
        DashboardLink,
        {},
        { codeSha256: createHash("sha256").update(code, "utf8").digest("hex") },
      );
    } catch (error) {
      const noGateway =
        error instanceof BusError &&
        (error.code === BusErrorCode.NoResponders || error.code === BusErrorCode.Timeout);
      io.err(
        `clawfleet dashboard: ${noGateway ? "no gateway answers on the bus; start it with `clawfleet gateway` (or `clawfleet all`)" : errorMessage(error)}`,
      );
      return 1;
    } finally {
      await bus.close();
    }
    const url = reply.tokenNeeded ? `${reply.url}?token=${code}` : reply.url;
    if (values.json) {
      io.out(
        JSON.stringify({
          url,
          tokenIncluded: reply.tokenNeeded,
          ...(reply.tokenNeeded ? { expiresAt: reply.expiresAt } : {}),
        }),
      );
      return 0;
    }
    io.out(`Control UI: ${url}`);
    if (reply.tokenNeeded) io.out("(works once, within 10 minutes)");
    const opener =
      values["no-open"] || !io.isTerminal ? undefined : browserOpener(process.platform, io.env);
    if (opener && (await openInBrowser(opener, url))) io.out("opened in your browser");
    return 0;
  },
};
