/**
 * What clawfleet's agents offer, as `commands.list` and `tools.catalog` report it. Mirrors the
 * agents service (services/agents/src/commands/run-command.ts and src/tools/); a command or tool
 * added there is listed here too.
 */

/** A chat command the agents understand. */
export interface ChatCommand {
  name: string;
  description: string;
  args?: string;
}

/** The slash commands of clawfleet's agents. */
export const CHAT_COMMANDS: readonly ChatCommand[] = [
  {
    name: "new",
    description: "Start a fresh session (optionally with another model)",
    args: "[provider/model]",
  },
  { name: "reset", description: "Start a fresh session" },
  { name: "status", description: "Session, model and usage" },
  { name: "model", description: "Show, list or switch the model", args: "[list|provider/model]" },
  { name: "usage", description: "Tokens and cost of this session" },
  { name: "stop", description: "Stop the running answer" },
  {
    name: "compact",
    description: "Summarise older turns to free the context window",
    args: "[instructions]",
  },
  { name: "whoami", description: "Who you are to this bot" },
  { name: "help", description: "List the commands" },
];

/** A tool the agents can give a model. */
export interface AgentTool {
  name: string;
  label: string;
  description: string;
  /** The config that turns it on, when it is not always available. */
  requires?: string;
}

/** The tools of clawfleet's agents. */
export const AGENT_TOOLS: readonly AgentTool[] = [
  {
    name: "memory_search",
    label: "Memory search",
    description: "Search the agent's memory (MEMORY.md and memory/*.md)",
  },
  { name: "memory_get", label: "Memory read", description: "Read a memory file" },
  { name: "memory_write", label: "Memory write", description: "Write to a memory file" },
  {
    name: "web_fetch",
    label: "Web fetch",
    description: "Fetch a web page as text (public addresses only)",
  },
  {
    name: "web_search",
    label: "Web search",
    description: "Search the web with Brave Search",
    requires: "BRAVE_API_KEY",
  },
  {
    name: "send_message",
    label: "Send message",
    description: "Send a message on a configured channel",
  },
  {
    name: "voice_call",
    label: "Voice call",
    description: "Place a phone call that speaks a message",
    requires: "voice",
  },
];
