import * as z from "zod";
import { defineRequest } from "./define.js";

/** OpenClaw's bootstrap files, in the order they are composed into the system prompt. */
export const WORKSPACE_BOOTSTRAP_FILES = [
  "AGENTS.md",
  "SOUL.md",
  "TOOLS.md",
  "IDENTITY.md",
  "USER.md",
  "HEARTBEAT.md",
  "BOOTSTRAP.md",
  "MEMORY.md",
] as const;
/** One bootstrap file name. */
export type WorkspaceBootstrapFile = (typeof WORKSPACE_BOOTSTRAP_FILES)[number];

/** The largest workspace file stored, in UTF-8 bytes (a KV value stays well under max_payload). */
export const WORKSPACE_FILE_MAX_BYTES = 256 * 1024;

const FILE_NAME =
  /^(?:(?:AGENTS|SOUL|TOOLS|IDENTITY|USER|HEARTBEAT|BOOTSTRAP|MEMORY)\.md|memory\/[A-Za-z0-9][A-Za-z0-9_-]{0,99}\.md)$/;

/** A workspace file name: a bootstrap file or `memory/<name>.md` (e.g. `memory/2026-01-31.md`). */
export const workspaceFileNameSchema = z
  .string()
  .regex(
    FILE_NAME,
    "a workspace file is AGENTS.md, SOUL.md, TOOLS.md, IDENTITY.md, USER.md, HEARTBEAT.md, BOOTSTRAP.md, MEMORY.md or memory/<name>.md (letters, digits, _ and -)",
  );

/** Whether a name is a valid workspace file name. */
export function isWorkspaceFileName(name: string): boolean {
  return FILE_NAME.test(name);
}

/** Why a file's content cannot be stored (too large), naming the file and the limit; undefined when it fits. */
export function workspaceFileTooLarge(name: string, content: string): string | undefined {
  const bytes = new TextEncoder().encode(content).length;
  if (bytes <= WORKSPACE_FILE_MAX_BYTES) return undefined;
  return `${name} is ${bytes} bytes; a workspace file may hold at most ${WORKSPACE_FILE_MAX_BYTES} bytes (${WORKSPACE_FILE_MAX_BYTES / 1024} KiB)`;
}

/** What KV `workspace/<agentId>.<file name>` holds. */
export const workspaceFileRecordSchema = z.object({
  content: z.string(),
  updatedAt: z.number().int().nonnegative(),
  /** Who wrote it last: `seed`, `rpc` (gateway / CLI), `agent` (a memory tool). */
  updatedBy: z.string().max(64).optional(),
});
/** One stored workspace file. */
export type WorkspaceFileRecord = z.infer<typeof workspaceFileRecordSchema>;

/** The KV key of one agent's workspace file; agent ids and file names are valid key characters. */
export function workspaceKey(agentId: string, name: string): string {
  return `${agentId}.${name}`;
}

const agentIdField = z.string().min(1).max(64);

/** One file as `agents.files.*` describe it (OpenClaw's shape); `content` only from get and set. */
export const workspaceFileInfoSchema = z.object({
  name: z.string(),
  path: z.string(),
  missing: z.boolean(),
  size: z.number().int().nonnegative().optional(),
  updatedAtMs: z.number().int().nonnegative().optional(),
  content: z.string().optional(),
});
/** One file as the files RPCs describe it. */
export type WorkspaceFileInfo = z.infer<typeof workspaceFileInfoSchema>;

const filesReplyBase = { agentId: z.string(), workspace: z.string() };

/** The files of an agent's workspace. */
export const AgentsFilesList = defineRequest({
  name: "agents.files.list",
  subject: "agents.files.list.v1",
  schema: z.object({ agentId: agentIdField }),
  reply: z.object({ ...filesReplyBase, files: z.array(workspaceFileInfoSchema) }),
  doc: "Lists an agent's workspace files (bootstrap files, missing ones marked, and memory/*.md).",
});

/** One workspace file with its content. */
export const AgentsFilesGet = defineRequest({
  name: "agents.files.get",
  subject: "agents.files.get.v1",
  schema: z.object({ agentId: agentIdField, name: workspaceFileNameSchema }),
  reply: z.object({ ...filesReplyBase, file: workspaceFileInfoSchema }),
  doc: "Reads one workspace file of an agent.",
});

/** Writes one workspace file. */
export const AgentsFilesSet = defineRequest({
  name: "agents.files.set",
  subject: "agents.files.set.v1",
  // The size rule is checked by the handler so the error names the file and the limit.
  schema: z.object({
    agentId: agentIdField,
    name: workspaceFileNameSchema,
    content: z.string().max(4 * WORKSPACE_FILE_MAX_BYTES),
  }),
  reply: z.object({ ok: z.boolean(), ...filesReplyBase, file: workspaceFileInfoSchema }),
  doc: "Writes one workspace file of an agent (the next turn's system prompt reads it).",
});
