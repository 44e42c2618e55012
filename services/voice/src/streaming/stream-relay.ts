import {
  VoiceStreamIn,
  VoiceStreamOpen,
  VoiceStreamOut,
  BusError,
  BusErrorCode,
  type Bus,
  type BusSubscription,
  type VoiceStreamMessage,
} from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import type { StreamServer } from "./stream-server.js";

/** How often each end of a relayed stream says it is alive; three silent periods end the stream. */
export const RELAY_HEARTBEAT_MS = 2000;

/** A voice instance's side of the Media Streams relayed by the gateway. */
export interface StreamRelayServer {
  /** Open relayed streams. */
  readonly open: number;
  /** Stops taking new relayed streams; open ones are closed by the stream server's `close()`. */
  stop(): void;
}

/**
 * Serves `voice.stream.open` in its queue group: each relayed stream becomes a session of `server`
 * whose socket is the bus (frames on `voice.stream.in/out.v1.<relay>`), with heartbeats both ways so
 * that the death of either end closes the other.
 */
export function serveStreamRelay(
  bus: Bus,
  server: StreamServer,
  log: Logger,
  heartbeatMs = RELAY_HEARTBEAT_MS,
): StreamRelayServer {
  const relays = new Set<string>();
  const served = bus.serve(VoiceStreamOpen, {}, ({ relayId, url }) => {
    const refusal = server.admit(url);
    if (refusal)
      throw new BusError(
        refusal.status === 404 ? BusErrorCode.NotFound : BusErrorCode.Unavailable,
        `media stream refused: ${refusal.status} ${refusal.text}`,
      );
    relays.add(relayId);
    openRelay(bus, server, relayId, heartbeatMs, log, () => relays.delete(relayId));
    return { heartbeatMs };
  });
  return {
    get open() {
      return relays.size;
    },
    stop: () => served.unsubscribe(),
  };
}

function openRelay(
  bus: Bus,
  server: StreamServer,
  relay: string,
  heartbeatMs: number,
  log: Logger,
  done: () => void,
): void {
  let over = false;
  let heardAt = Date.now();
  const send = (message: VoiceStreamMessage) => {
    try {
      bus.publish(VoiceStreamOut, { relay }, message);
    } catch (error) {
      log.info(`could not send on relayed media stream ${relay}`, { error });
    }
  };
  const end = () => {
    if (over) return false;
    over = true;
    clearInterval(heartbeat);
    subscription.unsubscribe();
    done();
    return true;
  };
  const subscription: BusSubscription = bus.subscribe(VoiceStreamIn, { relay }, (message) => {
    heardAt = Date.now();
    if (over) return;
    if (message.kind === "frame") inbound.message(message.text);
    else if (message.kind === "binary") inbound.message(null);
    else if (message.kind === "close" && end()) inbound.closed();
  });
  const heartbeat = setInterval(() => {
    if (Date.now() - heardAt > 3 * heartbeatMs) {
      log.info(`relayed media stream ${relay}: the gateway went silent`);
      if (end()) inbound.closed();
      return;
    }
    send({ kind: "ping" });
  }, heartbeatMs);
  heartbeat.unref();
  // The session is attached last; the bus callbacks above that use it only run after this.
  const inbound = server.attach({
    send: (text) => {
      if (!over) send({ kind: "frame", text });
    },
    close: (code, reason) => {
      if (!end()) return;
      send({ kind: "close", code, reason });
      inbound.closed();
    },
  });
}
