import { ChannelsStatus, type Bus, type InboxInput } from "@clawfleet/bus";
import type { ChannelsOptions } from "@clawfleet/channels";
import type { ClawEnv, OpenClawConfigInput } from "@clawfleet/config";
import {
  startEchoAgent,
  startNatsServer,
  type EchoAgent,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { eventually, startChannelsUnderTest, type ChannelsUnderTest } from "./channels-harness.js";

/** A private nats-server, the channels service in-process on it, and an echo agent answering its inbox. */
export interface ChannelWithAgent {
  readonly nats: NatsTestServer;
  readonly channels: ChannelsUnderTest;
  readonly agent: EchoAgent;
  /** The input the agent answered for the message that matches (waits up to 30 s for it). */
  answeredInput(predicate: (input: InboxInput) => boolean): Promise<InboxInput>;
  /** Waits until `ChannelsStatus` reports `channel`'s account as connected. */
  waitUntilConnected(channel: string, timeoutMs?: number): Promise<void>;
  /** Stops the agent, then the channels service, then the nats-server (platform fakes are the test's own). */
  stop(): Promise<void>;
}

/** Starts a nats-server, the channels service with `config`, `env` and `options`, and an echo agent. */
export async function startChannelWithAgent(
  config: OpenClawConfigInput,
  env: ClawEnv = {},
  options: ChannelsOptions = {},
): Promise<ChannelWithAgent> {
  const nats = await startNatsServer();
  let channels: ChannelsUnderTest;
  try {
    channels = await startChannelsUnderTest(nats.url, config, env, options);
  } catch (error) {
    await nats.dispose();
    throw error;
  }
  const agent = startEchoAgent(channels.bus);
  return {
    nats,
    channels,
    agent,
    answeredInput: (predicate) => eventually(() => agent.answered.find(predicate), 30_000),
    waitUntilConnected: (channel, timeoutMs) =>
      waitUntilConnected(channels.bus, channel, timeoutMs),
    async stop() {
      await agent.stop();
      await channels.stop();
      await nats.dispose();
    },
  };
}

/** Waits until `ChannelsStatus`, asked on `bus`, reports `channel`'s account as connected. */
export async function waitUntilConnected(
  bus: Bus,
  channel: string,
  timeoutMs = 20_000,
): Promise<void> {
  await eventually(async () => {
    const { accounts } = await bus.request(ChannelsStatus, {}, {});
    return accounts.find((a) => a.channel === channel)?.connected;
  }, timeoutMs);
}
