import type { ServiceDefinition } from "@clawfleet/runtime";
import { startAgents } from "./main.js";

/** The agents service: Agent workers: ordered durable turns per session, LLM providers with failover, tools, transcripts. */
export const agentsService: ServiceDefinition = {
  name: "agents",
  description:
    "Agent workers: ordered durable turns per session, LLM providers with failover, tools, transcripts.",
  start: (ctx) => startAgents(ctx),
};
