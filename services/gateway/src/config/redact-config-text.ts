import { formatConfigPath, parseJson5, type PathSegment } from "@clawfleet/config";
import { REDACTED_VALUE } from "./redact-config.js";

// A secret-looking key (bare, "double" or 'single' quoted) and its string value, in JSON5 text.
const SECRET_ENTRY =
  /(?<![\w$])(["']?)([\w$-]*?(?:token|password|secret|apikey|api_key))\1(\s*:\s*)("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/gi;
const ENV_REFERENCE = /^["']\$\{[A-Z_][A-Z0-9_]*\}["']$/;

interface SecretEntry {
  /** The value as written, quotes included. */
  literal: string;
  start: number;
  end: number;
}

function secretEntries(text: string): SecretEntry[] {
  return [...text.matchAll(SECRET_ENTRY)].map((m) => {
    const literal = m[4]!;
    const end = m.index + m[0].length;
    return { literal, start: end - literal.length, end };
  });
}

/**
 * Config file text with every secret-looking string value replaced by {@link REDACTED_VALUE}
 * (`${VAR}` references are kept: they name a variable, not its value). Comments and layout stay.
 */
export function redactConfigText(text: string): string {
  let out = "";
  let at = 0;
  for (const entry of secretEntries(text)) {
    if (ENV_REFERENCE.test(entry.literal)) continue;
    out += `${text.slice(at, entry.start)}"${REDACTED_VALUE}"`;
    at = entry.end;
  }
  return out + text.slice(at);
}

/**
 * Puts the stored secrets back where an edit sent {@link REDACTED_VALUE} (the editor saw the
 * redacted text): each placeholder takes the current file's value at the same path. Returns an
 * error message naming the path when a placeholder has no stored value to keep.
 */
export function restoreRedactedSecrets(
  next: string,
  current: string,
): { ok: true; text: string } | { ok: false; message: string } {
  if (!next.includes(REDACTED_VALUE)) return { ok: true, text: next };
  const edited = parseJson5(next, "edit");
  if (!edited.ok) return { ok: true, text: next };
  const stored = current === "" ? undefined : parseJson5(current, "current");
  const paths = placeholderPaths(edited.value, []);
  const originals: string[] = [];
  for (const path of paths) {
    const original = valueAt(stored?.ok ? stored.value : undefined, path);
    if (typeof original !== "string" || original === REDACTED_VALUE)
      return {
        ok: false,
        message: `${formatConfigPath(path)} is ${REDACTED_VALUE} but the current file has no value there to keep: write the secret itself (or a \${VAR} reference)`,
      };
    originals.push(original);
  }
  const literals = [...next.matchAll(PLACEHOLDER_LITERAL)];
  if (literals.length !== originals.length)
    return {
      ok: false,
      message: `${REDACTED_VALUE} found where no secret value can be restored: replace it with the real value`,
    };
  let out = "";
  let at = 0;
  literals.forEach((m, i) => {
    out += `${next.slice(at, m.index)}${JSON.stringify(originals[i])}`;
    at = m.index + m[0].length;
  });
  return { ok: true, text: out + next.slice(at) };
}

const PLACEHOLDER_LITERAL = new RegExp(`"${REDACTED_VALUE}"|'${REDACTED_VALUE}'`, "g");

// Paths of placeholder values in document order (the order their literals appear in the text).
function placeholderPaths(value: unknown, at: PathSegment[]): PathSegment[][] {
  if (value === REDACTED_VALUE) return [at];
  if (Array.isArray(value)) return value.flatMap((item, i) => placeholderPaths(item, [...at, i]));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => placeholderPaths(child, [...at, key]));
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let node = value;
  for (const segment of path) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, segment))
      return undefined;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node;
}
