/** A final reply split into its text and the media references of its standalone `MEDIA:` lines. */
export interface ReplyMedia {
  /** The reply without its `MEDIA:` lines (blank runs they leave collapsed, ends trimmed). */
  text: string;
  /** The references in order of appearance, each once. */
  references: string[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const MEDIA_LINE = /^ {0,3}MEDIA:(.*)$/i;

/** The reference of one line, or undefined when the line is not a standalone `MEDIA:` line. */
function mediaReference(line: string): string | undefined {
  const match = MEDIA_LINE.exec(line);
  if (!match) return undefined;
  const rest = match[1]!.trim();
  // Double quotes keep punctuation (and spaces) that belong to the reference.
  const quoted = /^"([^"]+)"$/.exec(rest);
  if (quoted) return quoted[1]!;
  if (rest === "" || /\s/.test(rest) || rest.includes('"')) return undefined;
  return rest;
}

/**
 * Finds the legacy OpenClaw `MEDIA:<reference>` lines of a final reply: a line whose text (after at
 * most three leading spaces) starts with `MEDIA:`, outside fenced code blocks; four spaces or a tab
 * make it an indented code block, and Markdown wrappers (`**MEDIA:…**`, `` `MEDIA:…` ``) or prose
 * before it keep it text. A reference may be double-quoted. Validity of the reference itself (https
 * URL, workspace path) is judged when it is resolved.
 */
export function parseMediaLines(reply: string): ReplyMedia {
  const kept: string[] = [];
  const references: string[] = [];
  let fence: { char: string; length: number } | undefined;
  for (const line of reply.split("\n")) {
    const opener = FENCE.exec(line);
    if (fence) {
      const closes =
        opener &&
        opener[1]![0] === fence.char &&
        opener[1]!.length >= fence.length &&
        line.trim() === opener[1];
      if (closes) fence = undefined;
      kept.push(line);
      continue;
    }
    if (opener) {
      fence = { char: opener[1]![0]!, length: opener[1]!.length };
      kept.push(line);
      continue;
    }
    const reference = mediaReference(line.replace(/\r$/, ""));
    if (reference === undefined) {
      kept.push(line);
      continue;
    }
    if (!references.includes(reference)) references.push(reference);
  }
  if (references.length === 0) return { text: reply, references };
  const text = kept
    .join("\n")
    .replace(/\n[ \t]*\n(?:[ \t]*\n)+/g, "\n\n")
    .trim();
  return { text, references };
}
