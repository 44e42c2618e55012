import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { CloseCode, ConnectionPolicy } from "../protocol/policy.js";
import { clientAddress, type ProxyTrust } from "./client-address.js";
import { GatewayConnection, type ConnectionDeps } from "./gateway-connection.js";
import { capIncomingBytes, PreAuthGate } from "./pre-auth-gate.js";
import type { VoiceStreamRelay } from "./voice-stream-relay.js";

/** The WebSocket side of the gateway's HTTP server. */
export interface GatewaySockets {
  /** Stops accepting new sockets (existing ones are closed by the registry's shutdown). */
  close(): void;
}

/** What the socket layer needs beyond what every connection shares. */
export interface SocketDeps extends ConnectionDeps {
  /** Which peers' forwarded-address headers are believed (none by default). */
  proxyTrust?: () => ProxyTrust;
  /** Takes the Media Streams path before the protocol server does (no gateway auth there). */
  voiceStreams?: Pick<VoiceStreamRelay, "handles" | "upgrade">;
}

const BUSY_RESPONSE =
  "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 10\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

/**
 * Accepts WebSocket upgrades on every path of `server` and runs the protocol on each socket, except
 * the voice-call plugin's media stream path, which goes to the voice stream relay.
 * Before `connect` succeeds a socket is bounded as data arrives (bytes counted on the raw socket,
 * not after a whole frame was buffered), and the number of such sockets is capped.
 */
export function attachWebSockets(server: Server, deps: SocketDeps): GatewaySockets {
  const policy = deps.policy ?? ConnectionPolicy;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: policy.maxPayload,
    perMessageDeflate: false,
  });
  const gate = new PreAuthGate(policy);
  let closed = false;
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closed) return void socket.destroy();
    if (deps.voiceStreams?.handles(request))
      return deps.voiceStreams.upgrade(request, socket, head);
    socket.on("error", () => socket.destroy());
    const address = clientAddress(
      request.headers,
      request.socket.remoteAddress,
      deps.proxyTrust?.(),
    );
    const release = gate.admit(address);
    if (!release) {
      deps.logger.debug(`refused an unauthenticated socket from ${address}: too many waiting`);
      return void socket.end(BUSY_RESPONSE);
    }
    socket.once("close", release);
    wss.handleUpgrade(request, socket, head, (ws) => {
      const stopCounting = capIncomingBytes(socket, head.length, policy.preAuthMaxBytes, () => {
        // Stop reading at once; the parser keeps nothing more than what already arrived.
        socket.pause();
        ws.close(CloseCode.TooBig, "too much data before connect");
        setTimeout(() => ws.terminate(), 200).unref();
      });
      new GatewayConnection(ws, { headers: request.headers, address }, deps, () => {
        stopCounting();
        release();
      });
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
