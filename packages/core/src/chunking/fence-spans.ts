/** A fenced code block in a text: `[start, end)` covers the opening line through the closing line. */
export interface FenceSpan {
  start: number;
  /** End of the closing line (before its newline), or the text's end when the fence never closes. */
  end: number;
  /** The opening line as written, e.g. "```ts" (without its newline). */
  openLine: string;
  /** The fence run, e.g. "```" or "~~~~"; a closing line repeats it. */
  marker: string;
  closed: boolean;
}

const OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/** Finds the fenced code blocks of a Markdown text (CommonMark rules for ``` and ~~~ fences). */
export function findFenceSpans(text: string): FenceSpan[] {
  const spans: FenceSpan[] = [];
  let open: { start: number; openLine: string; marker: string } | undefined;
  let offset = 0;
  for (const rawLine of text.split("\n")) {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    const lineEnd = offset + line.length;
    if (open) {
      const close = CLOSE.exec(line);
      const run = close?.[1];
      if (run && run[0] === open.marker[0] && run.length >= open.marker.length) {
        spans.push({ ...open, end: lineEnd, closed: true });
        open = undefined;
      }
    } else {
      const match = OPEN.exec(line);
      const run = match?.[1];
      // A backtick fence's info string may not contain backticks (that is inline code).
      if (run && !(run[0] === "`" && (match[2] ?? "").includes("`"))) {
        open = { start: offset, openLine: line, marker: run };
      }
    }
    offset += rawLine.length + 1;
  }
  if (open) spans.push({ ...open, end: text.length, closed: false });
  return spans;
}

/** The span that strictly contains `index` (a cut there would split the block), if any. */
export function spanContaining(spans: readonly FenceSpan[], index: number): FenceSpan | undefined {
  return spans.find((span) => span.start < index && index < span.end);
}
