import { Consumers } from "@clawfleet/bus";

/** Timing of the agents service: session leases, the TURNS ack wait and the shutdown grace. */
export interface AgentsOptions {
  /** A session lease lives this long without renewal (plus the bus's clock-skew allowance). */
  leaseTtlMs: number;
  /** A running turn renews its session lease this often (well under the TTL). */
  leaseRenewMs: number;
  /**
   * How long a TURNS signal may stay unacknowledged before the server hands it to another worker;
   * a running turn reports progress every third of it. The consumer is provisioned with this value.
   */
  turnsAckWaitMs: number;
  /** On shutdown, running turns get this long to finish before they are handed to another worker. */
  shutdownGraceMs: number;
}

/** The production timing. */
export const DefaultAgentsOptions: AgentsOptions = {
  leaseTtlMs: 15_000,
  leaseRenewMs: 5_000,
  turnsAckWaitMs: Consumers.AgentTurns.ackWaitMs,
  shutdownGraceMs: 10_000,
};

/** Fills the unset options with the defaults and refuses timings that cannot work, naming the option. */
export function agentsOptions(given: Partial<AgentsOptions> = {}): AgentsOptions {
  const options = { ...DefaultAgentsOptions, ...given };
  for (const [name, value] of Object.entries(options))
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`agents option ${name} must be a positive number of ms, got ${value}`);
  if (options.leaseRenewMs >= options.leaseTtlMs)
    throw new RangeError(
      `agents option leaseRenewMs (${options.leaseRenewMs}) must be below leaseTtlMs (${options.leaseTtlMs})`,
    );
  return options;
}
