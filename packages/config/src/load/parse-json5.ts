import JSON5 from "json5";

/** Outcome of parsing one JSON5 text: the value, or a message naming file, line and column. */
export type Json5ParseResult = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses JSON5 (comments, trailing commas, unquoted keys); a syntax error names `file:line:column` (1-based). */
export function parseJson5(text: string, file: string): Json5ParseResult {
  try {
    return { ok: true, value: JSON5.parse(text) };
  } catch (error) {
    const { lineNumber, columnNumber } = error as { lineNumber?: number; columnNumber?: number };
    const detail =
      error instanceof Error
        ? error.message.replace(/^JSON5: /, "").replace(/ at \d+:\d+$/, "")
        : String(error);
    const where = lineNumber === undefined ? file : `${file}:${lineNumber}:${columnNumber ?? 1}`;
    return { ok: false, message: `JSON5 syntax error at ${where}: ${detail}` };
  }
}
