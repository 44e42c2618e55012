import { errorMessage } from "@clawfleet/core";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { StartupError } from "@clawfleet/runtime";
import type { ListenPlan } from "./listen-plan.js";

/** Listens as planned (dual-stack for `::`, falling back to IPv4 where IPv6 is off); resolves with the bound port. */
export async function listen(server: Server, plan: ListenPlan): Promise<number> {
  try {
    await listenOnce(server, plan.host, plan.port);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (plan.host === "::" && (code === "EAFNOSUPPORT" || code === "EADDRNOTAVAIL"))
      await listenOnce(server, "0.0.0.0", plan.port);
    else if (code === "EADDRINUSE")
      throw new StartupError(
        `port ${plan.port} is already in use: stop the other process, or choose another port with --port or OPENCLAW_GATEWAY_PORT`,
        { cause: error },
      );
    else
      throw new StartupError(
        `cannot listen on ${plan.displayHost}:${plan.port}: ${errorMessage(error)}`,
        { cause: error },
      );
  }
  return (server.address() as AddressInfo).port;
}

function listenOnce(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen({ port, host, ipv6Only: false }, () => {
      server.off("error", onError);
      resolve();
    });
  });
}
