import { isWorkspaceFileName, workspaceFileTooLarge } from "@clawfleet/bus";
import type { MemoryDocument } from "../domain/memory/memory-search.js";
import type { WorkspaceStore } from "../workspace/workspace-store.js";
import { stringField, toolError, type AgentTool, type ToolContext } from "./agent-tool.js";
import { searchMemoryDocuments, type SemanticMemory } from "./semantic-memory.js";

/** The workspace operations the memory tools use. */
export type MemoryFiles = Pick<WorkspaceStore, "read" | "write" | "memoryFileNames">;

/** Whether a session is a group or channel chat: long-term memory (MEMORY.md) stays out of those. */
export function isGroupSession(sessionKey: string): boolean {
  return /:(group|channel):/.test(sessionKey);
}

function isMemoryFile(name: string): boolean {
  return name === "MEMORY.md" || /^memory\/[^/]+\.md$/.test(name);
}

function privateRefusal(name: string, ctx: ToolContext): string | undefined {
  if (name === "MEMORY.md" && isGroupSession(ctx.sessionKey))
    return "MEMORY.md is private to your owner's own chats and is not read in group chats";
  return undefined;
}

/**
 * `memory_search`: ranked search over MEMORY.md and memory/*.md — keywords, blended with embedding
 * similarity when `semantic` has a provider configured; not offered with `memory.search.enabled: false`.
 */
export function memorySearchTool(files: MemoryFiles, semantic?: SemanticMemory): AgentTool {
  return {
    unavailableReason: () =>
      semantic?.mode().kind === "off" ? "memory.search.enabled is false" : undefined,
    spec: {
      name: "memory_search",
      description:
        "Search your memory (MEMORY.md and memory/*.md) for words or meaning; returns the best matching passages with file and lines. Use before answering about earlier conversations, people, preferences or plans.",
      inputSchema: {
        type: "object",
        properties: {
          query: { type: "string", description: "what to look for" },
          maxResults: { type: "integer", minimum: 1, maximum: 20 },
        },
        required: ["query"],
      },
    },
    async run(input, ctx) {
      const query = stringField(input, "query");
      if (!query) return toolError("memory_search needs a query");
      const max =
        typeof input.maxResults === "number" ? Math.min(20, Math.max(1, input.maxResults)) : 6;
      const names = [
        ...(isGroupSession(ctx.sessionKey) ? [] : ["MEMORY.md"]),
        ...(await files.memoryFileNames(ctx.agentId)),
      ];
      const docs: MemoryDocument[] = [];
      for (const name of names) {
        const record = await files.read(ctx.agentId, name);
        if (record?.content) docs.push({ path: name, content: record.content });
      }
      const found = await searchMemoryDocuments(docs, query, max, {
        agentId: ctx.agentId,
        signal: ctx.signal,
        semantic,
      });
      const empty = found.results.length === 0 ? "nothing in memory matches" : undefined;
      const note = [found.fallback, empty].filter(Boolean).join("; ");
      return {
        content: JSON.stringify({
          results: found.results.map((hit) => ({ ...hit })),
          mode: found.mode,
          searched: docs.map((d) => d.path),
          ...(note ? { note } : {}),
        }),
      };
    },
  };
}

/** `memory_get`: reads a memory file, whole or a range of lines. */
export function memoryGetTool(files: MemoryFiles): AgentTool {
  return {
    spec: {
      name: "memory_get",
      description:
        "Read a memory file (MEMORY.md or memory/<name>.md), optionally only some lines.",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string", description: "MEMORY.md or memory/YYYY-MM-DD.md" },
          from: { type: "integer", minimum: 1, description: "first line (1-based)" },
          lines: { type: "integer", minimum: 1, description: "how many lines" },
        },
        required: ["path"],
      },
    },
    async run(input, ctx) {
      const path = stringField(input, "path") ?? "";
      if (!isMemoryFile(path) || !isWorkspaceFileName(path))
        return toolError(`memory_get reads MEMORY.md or memory/<name>.md, not ${path || "(none)"}`);
      const refusal = privateRefusal(path, ctx);
      if (refusal) return toolError(refusal);
      const record = await files.read(ctx.agentId, path);
      if (!record) return toolError(`${path} does not exist yet`);
      const from = typeof input.from === "number" ? Math.max(1, Math.floor(input.from)) : 1;
      const all = record.content.split("\n");
      const count =
        typeof input.lines === "number" ? Math.max(1, Math.floor(input.lines)) : all.length;
      return {
        content: JSON.stringify({
          path,
          from,
          text: all.slice(from - 1, from - 1 + count).join("\n"),
        }),
      };
    },
  };
}

/** Today's daily memory file, `memory/YYYY-MM-DD.md` (UTC). */
export function dailyMemoryFile(now: Date): string {
  return `memory/${now.toISOString().slice(0, 10)}.md`;
}

/** `memory_write`: appends to or replaces a file of the agent's own workspace (nothing outside it). */
export function memoryWriteTool(files: MemoryFiles): AgentTool {
  return {
    spec: {
      name: "memory_write",
      description:
        "Write to your workspace: append a note to today's memory/YYYY-MM-DD.md (the default), to MEMORY.md for lasting facts, or to another workspace file (USER.md, IDENTITY.md, …). mode replace overwrites the whole file.",
      inputSchema: {
        type: "object",
        properties: {
          text: { type: "string" },
          path: { type: "string", description: "workspace file; default today's memory file" },
          mode: { type: "string", enum: ["append", "replace"] },
        },
        required: ["text"],
      },
    },
    async run(input, ctx) {
      const text = typeof input.text === "string" ? input.text : "";
      if (!text.trim()) return toolError("memory_write needs text");
      const path = stringField(input, "path") ?? dailyMemoryFile(new Date());
      if (!isWorkspaceFileName(path))
        return toolError(
          `memory_write writes only workspace files (MEMORY.md, memory/<name>.md, USER.md, SOUL.md, …), not ${path}`,
        );
      const replace = stringField(input, "mode") === "replace";
      const current = replace ? undefined : (await files.read(ctx.agentId, path))?.content;
      const entry = text.trim();
      // A redone turn (after a worker died) repeats its calls: an append already there is not added twice.
      if (current?.trimEnd().endsWith(entry))
        return { content: `${path} already ends with this note` };
      const content = current ? `${current.trimEnd()}\n${entry}\n` : `${entry}\n`;
      const tooLarge = workspaceFileTooLarge(path, content);
      if (tooLarge) return toolError(`${tooLarge}; summarise the file (mode replace) first`);
      const file = await files.write(ctx.agentId, path, content, "agent");
      return { content: `${replace ? "wrote" : "appended to"} ${path} (${file.size} bytes)` };
    },
  };
}
