import type { TranscriptEntry } from "@clawfleet/bus";

/** Something in the state directory that could not be imported, named by file, line and field. */
export interface ImportProblem {
  /** Path relative to the state directory. */
  file: string;
  line?: number;
  field?: string;
  message: string;
}

/** One session row of an agent's `sessions.json`, with its transcript read from JSONL. */
export interface ImportedSession {
  agentId: string;
  key: string;
  sessionId: string;
  /** The transcript file read (relative), absent when there was none. */
  transcriptFile?: string;
  createdAt: number;
  updatedAt: number;
  channel?: string;
  kind?: string;
  displayName?: string;
  modelOverride?: string;
  inputTokens: number;
  outputTokens: number;
  entries: TranscriptEntry[];
}

/** One workspace file of an agent (a bootstrap file or `memory/<name>.md`). */
export interface ImportedWorkspaceFile {
  agentId: string;
  name: string;
  content: string;
  file: string;
}

/** The DM senders approved through pairing on one channel account (`credentials/<channel>[-<account>]-allowFrom.json`). */
export interface ImportedAllowlist {
  channel: string;
  accountId: string;
  senderIds: string[];
  file: string;
}

/** The config file as written, for the `config` bucket. */
export interface ImportedConfig {
  raw: string;
  document: unknown;
  file: string;
}

/** Everything read from an OpenClaw state directory, before anything is written. */
export interface ImportPlan {
  stateDir: string;
  config?: ImportedConfig;
  agents: string[];
  workspace: ImportedWorkspaceFile[];
  sessions: ImportedSession[];
  allowlists: ImportedAllowlist[];
  /** What is left where it is, with the reason (e.g. WhatsApp credentials). */
  notImported: { file: string; reason: string }[];
  problems: ImportProblem[];
}

/** The largest file the import reads (transcripts, sessions.json), in bytes. */
export const IMPORT_FILE_MAX_BYTES = 64 * 1024 * 1024;

/** The largest transcript line the import stores (a bus message stays well under max_payload). */
export const IMPORT_LINE_MAX_BYTES = 512 * 1024;

/** `file:line: field: message`, the way import problems are printed. */
export function formatProblem(problem: ImportProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.field ? `${problem.field}: ` : ""}${problem.message}`;
}
