import type { Bus } from "@clawfleet/bus";

/** A bus subscription (an RPC server or an event listener), to end on shutdown. */
export type Subscription = ReturnType<Bus["subscribe"]>;
