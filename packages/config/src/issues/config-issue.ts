// Pure (no I/O): also the `@clawfleet/config/issues` entry, which the browser Control UI imports.

/** One step of a path into the config: an object key or an array index. */
export type PathSegment = string | number;

/** One problem found in a config: where (`a.b[0].c`, empty for the root) and what. */
export interface ConfigIssue {
  /** Dotted path of the offending value; `""` is the whole document. */
  readonly path: string;
  /** Human-readable description of the problem. */
  readonly message: string;
}

/** Builds a {@link ConfigIssue} from path segments. */
export function configIssue(path: readonly PathSegment[], message: string): ConfigIssue {
  return { path: formatConfigPath(path), message };
}

// Keys with these characters cannot be written bare after a dot.
const NEEDS_QUOTES = /[.[\]"'\s]/;

/** Renders path segments as `a.b[0].c`; keys containing dots, brackets, quotes or spaces render as `["k.e.y"]`. */
export function formatConfigPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (segment === "" || NEEDS_QUOTES.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

/** Parses `a.b[0].c` or `a["k.e.y"]` back into segments; returns undefined when the text is malformed. */
export function parseConfigPath(text: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "[") {
      const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(text.slice(i));
      const index = /^\[(\d+)\]/.exec(text.slice(i));
      if (quoted?.[1] !== undefined) {
        segments.push(JSON.parse(quoted[1]) as string);
        i += quoted[0].length;
      } else if (index?.[1] !== undefined) {
        segments.push(Number(index[1]));
        i += index[0].length;
      } else return undefined;
    } else {
      if (ch === ".") {
        if (segments.length === 0) return undefined;
        i += 1;
      } else if (segments.length > 0) return undefined;
      const key = /^[^.[\]]+/.exec(text.slice(i));
      if (key === null) return undefined;
      segments.push(key[0]);
      i += key[0].length;
    }
  }
  return segments;
}

/** Renders a path for humans: the dotted form, or `(root)` for the whole document. */
export function displayConfigPath(path: string): string {
  return path === "" ? "(root)" : path;
}
