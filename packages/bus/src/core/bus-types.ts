import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";

/** What a handler learns about the message it was given. */
export interface MessageContext {
  subject: string;
  /** The template parameters read back from the subject. */
  params: Record<string, string>;
  traceId: string;
  headers: MsgHdrs | undefined;
}

/** A subscription of the bus (one or more NATS subscriptions), ended with `unsubscribe()`. */
export interface BusSubscription {
  unsubscribe(): void;
}

/** Result of a JetStream publish. */
export interface PublishAck {
  stream: string;
  seq: number;
  /** True when the stream already held a message with this `msgID`. */
  duplicate: boolean;
}

/** Counters exposed on `/metrics` and the discovery stats. */
export interface BusCounters {
  published: number;
  received: number;
  invalid: number;
  deadLettered: number;
  handlerErrors: number;
  requests: number;
  requestErrors: number;
}

/** What the connected server announced: version, payload limit, JetStream. */
export interface ServerInfo {
  version: string;
  /** Largest message the server accepts, in bytes. */
  maxPayload: number;
  jetstream: boolean;
}

/** JetStream usage of the account the bus is connected as. */
export interface JetStreamAccount {
  streams: number;
  consumers: number;
}

/** A change of the connection's state: lost, back, or another status the client reports. */
export interface ConnectionStatus {
  type: "disconnect" | "reconnect" | (string & {});
}

/** The raw NATS handles; only modules of this package reach them, through {@link natsHandles}. */
export interface NatsHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: () => Promise<JetStreamManager>;
}
