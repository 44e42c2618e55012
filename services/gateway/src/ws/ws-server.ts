import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { ConnectionPolicy } from "../protocol/policy.js";
import { clientAddress } from "./client-address.js";
import { GatewayConnection, type ConnectionDeps } from "./gateway-connection.js";

/** The WebSocket side of the gateway's HTTP server. */
export interface GatewaySockets {
  /** Stops accepting new sockets (existing ones are closed by the registry's shutdown). */
  close(): void;
}

/** Accepts WebSocket upgrades on every path of `server` and runs the protocol on each socket. */
export function attachWebSockets(server: Server, deps: ConnectionDeps): GatewaySockets {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: (deps.policy ?? ConnectionPolicy).maxPayload,
    perMessageDeflate: false,
  });
  let closed = false;
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closed) return void socket.destroy();
    socket.on("error", () => socket.destroy());
    wss.handleUpgrade(request, socket, head, (ws) => {
      new GatewayConnection(
        ws,
        {
          headers: request.headers,
          address: clientAddress(request.headers, request.socket.remoteAddress),
        },
        deps,
      );
    });
  };
  server.on("upgrade", onUpgrade);
  return {
    close() {
      closed = true;
      server.off("upgrade", onUpgrade);
      wss.close();
    },
  };
}
