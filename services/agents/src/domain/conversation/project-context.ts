/** Per-file cap on injected workspace text, in characters (OpenClaw's `bootstrapMaxChars` default). */
export const DEFAULT_BOOTSTRAP_MAX_CHARS = 20_000;
/** Cap on all injected workspace text together (OpenClaw's `bootstrapTotalMaxChars` default). */
export const DEFAULT_BOOTSTRAP_TOTAL_MAX_CHARS = 150_000;

/** Files left out of group chats: long-term memory is private to the owner's own conversations. */
const PRIVATE_FILES: ReadonlySet<string> = new Set(["MEMORY.md"]);

/** What the project context is composed from. */
export interface ProjectContextInput {
  /** Bootstrap files in prompt order; `content` undefined when the file does not exist. */
  files: readonly { name: string; content?: string }[];
  /** True in group chats and channels: private files are left out. */
  group: boolean;
  maxChars?: number;
  totalMaxChars?: number;
}

/** Keeps the head (70 %) and tail (20 %) of an oversized file with a marker naming it between them. */
export function trimFile(name: string, content: string, maxChars: number): string {
  if (content.length <= maxChars) return content;
  const head = Math.floor(maxChars * 0.7);
  const tail = Math.floor(maxChars * 0.2);
  return `${content.slice(0, head)}\n\n[… ${name} truncated: ${content.length} characters, ${maxChars} shown; read the file for the rest …]\n\n${content.slice(content.length - tail)}`;
}

/**
 * The workspace part of the system prompt, as OpenClaw composes it: each bootstrap file that exists
 * and is not blank, in order, under its name; each capped at `maxChars`, all together at
 * `totalMaxChars` (later files are cut or dropped, with a note); MEMORY.md left out of group chats.
 * Empty string when there is nothing to inject.
 */
export function composeProjectContext(input: ProjectContextInput): string {
  const maxChars = input.maxChars ?? DEFAULT_BOOTSTRAP_MAX_CHARS;
  let budget = input.totalMaxChars ?? DEFAULT_BOOTSTRAP_TOTAL_MAX_CHARS;
  const sections: string[] = [];
  for (const file of input.files) {
    if (file.content === undefined || file.content.trim() === "") continue;
    if (input.group && PRIVATE_FILES.has(file.name)) continue;
    if (budget <= 0) {
      sections.push(
        `## ${file.name}\n[left out: the workspace files exceed ${input.totalMaxChars ?? DEFAULT_BOOTSTRAP_TOTAL_MAX_CHARS} characters]`,
      );
      continue;
    }
    const text = trimFile(file.name, file.content.trim(), Math.min(maxChars, budget));
    budget -= text.length;
    sections.push(`## ${file.name}\n${text}`);
  }
  if (sections.length === 0) return "";
  return [
    "# Project Context",
    "These files are your workspace (editable by you through the memory tools and by your owner); follow them.",
    "",
    sections.join("\n\n"),
  ].join("\n");
}

/** Whether HEARTBEAT.md asks for anything: text other than blank lines, headings and HTML comments. */
export function hasHeartbeatContent(content: string | undefined): boolean {
  if (!content) return false;
  return content
    .replace(/<!--[\s\S]*?-->/g, "")
    .split("\n")
    .some((line) => line.trim() !== "" && !/^#+(\s|$)/.test(line.trim()));
}
