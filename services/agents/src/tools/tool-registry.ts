import { errorMessage } from "@clawfleet/core";
import type { Bus } from "@clawfleet/bus";
import type { ToolSpec } from "../domain/models/chat-model.js";
import { isToolAllowed, type ToolPolicy } from "../domain/conversation/tool-policy.js";
import { toolError, type AgentTool, type ToolContext, type ToolOutput } from "./agent-tool.js";
import { cronTool, type CronJobs } from "./cron-tool.js";
import {
  memoryGetTool,
  memorySearchTool,
  memoryWriteTool,
  type MemoryFiles,
} from "./memory-tools.js";
import type { SemanticMemory } from "./semantic-memory.js";
import { sendMessageTool } from "./send-message-tool.js";
import { voiceCallTool } from "./voice-call-tool.js";
import { webFetchTool, type WebFetchNetwork } from "./web-fetch-tool.js";
import { webSearchTool } from "./web-search-tool.js";
import type { WebSearchAvailability } from "@clawfleet/config";

/** Optional capabilities of the built-in tools. */
export interface BuiltInToolOptions {
  /** Resolver and address policy of `web_fetch` (default: the system's, the strict policy). */
  network?: WebFetchNetwork;
  /** Whether `web_search` can run now and with what (read on every turn, so config changes apply); absent: not offered. */
  webSearch?: () => WebSearchAvailability;
  /** Embedding-based ranking for `memory_search` (absent: keywords only). */
  semanticMemory?: SemanticMemory;
}

/** The tools an agent may be given, filtered per agent by `tools.allow` / `tools.deny`. */
export class ToolRegistry {
  readonly #tools = new Map<string, AgentTool>();

  constructor(tools: readonly AgentTool[]) {
    for (const tool of tools) this.#tools.set(tool.spec.name, tool);
  }

  /** The built-in tools: web_fetch, web_search, send_message, voice_call, the memory tools and cron. */
  static builtIn(
    bus: Bus,
    memory: MemoryFiles,
    jobs: CronJobs,
    options: BuiltInToolOptions = {},
  ): ToolRegistry {
    return new ToolRegistry([
      webFetchTool(options.network),
      ...(options.webSearch ? [webSearchTool(options.webSearch)] : []),
      sendMessageTool(bus),
      voiceCallTool(bus),
      memorySearchTool(memory, options.semanticMemory),
      memoryGetTool(memory),
      memoryWriteTool(memory),
      cronTool(jobs),
    ]);
  }

  /** Specs of the tools an agent may use (allowed by its policy and set up now). */
  specsFor(policy: ToolPolicy): ToolSpec[] {
    return [...this.#tools.values()]
      .filter((tool) => isToolAllowed(tool.spec.name, policy) && !tool.unavailableReason?.())
      .map((tool) => tool.spec);
  }

  /** Runs a tool call; unknown or denied tools and thrown errors become tool errors the model can read. */
  async run(
    name: string,
    input: Record<string, unknown>,
    policy: ToolPolicy,
    ctx: ToolContext,
  ): Promise<ToolOutput> {
    const tool = this.#tools.get(name);
    if (!tool || !isToolAllowed(name, policy))
      return toolError(`tool ${name} is not available to this agent`);
    try {
      return await tool.run(input, ctx);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      return toolError(`${name} failed: ${errorMessage(error)}`);
    }
  }
}
