// The pure half of the Control UI's config form: which input a JSON Schema node gets, which keys
// hold secrets, and the merge patch (RFC 7396) that carries the form's changes to `config.patch`.

/** A JSON Schema node as zod's export writes it (the subset the form reads). */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  enum?: unknown[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  default?: unknown;
  description?: string;
  $ref?: string;
  [keyword: string]: unknown;
}

/** The input a field gets: nested fields, a control, or a small JSON editor for shapes a form can't show well. */
export type FieldKind = "object" | "boolean" | "enum" | "number" | "string" | "list" | "json";

/** What the gateway's `config.get` puts where a secret was (never the secret itself). */
export const REDACTED = "__OPENCLAW_REDACTED__";

const SECRET_KEY = /(token|secret|password|passwd|api[-_]?key|private[-_]?key|credentials?)$/i;

/** Whether a config key names a secret, so its input is masked and its value never shown. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Follows a local `$ref` (`#/$defs/x`, `#/properties/a`) to the node it names. */
export function resolveRef(node: SchemaNode, root: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; current.$ref && hops < 16; hops++) {
    const target = current.$ref
      .replace(/^#\/?/, "")
      .split("/")
      .filter(Boolean)
      .reduce<unknown>(
        (at, part) =>
          (at as Record<string, unknown> | undefined)?.[
            part.replace(/~1/g, "/").replace(/~0/g, "~")
          ],
        root,
      );
    if (!target || typeof target !== "object") return {};
    current = target as SchemaNode;
  }
  return current;
}

function types(node: SchemaNode): string[] {
  return Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
}

function isPrimitive(node: SchemaNode, root: SchemaNode): boolean {
  const resolved = resolveRef(node, root);
  const alternatives = resolved.anyOf ?? resolved.oneOf;
  if (alternatives) return alternatives.every((n) => isPrimitive(n, root));
  return types(resolved).every((t) => t === "string" || t === "number" || t === "integer");
}

/** The input for a schema node. */
export function fieldKind(node: SchemaNode, root: SchemaNode): FieldKind {
  const resolved = resolveRef(node, root);
  if (resolved.enum && resolved.enum.every((v) => typeof v === "string")) return "enum";
  if (resolved.anyOf || resolved.oneOf) return "json";
  const [type, ...more] = types(resolved);
  if (more.length > 0) return "json";
  if (type === "object")
    return resolved.properties && Object.keys(resolved.properties).length > 0 ? "object" : "json";
  if (type === "boolean") return "boolean";
  if (type === "number" || type === "integer") return "number";
  if (type === "string") return "string";
  if (type === "array" && resolved.items && isPrimitive(resolved.items, root)) return "list";
  return "json";
}

/** The value at `path` in `value`, or undefined. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (at, key) =>
      at && typeof at === "object" && !Array.isArray(at)
        ? (at as Record<string, unknown>)[key]
        : undefined,
    value,
  );
}

/**
 * The merge patch for a set of changes, keyed by path: a value sets the key, `null` removes it (the
 * schema's default applies again). Paths are arrays of object keys.
 */
export function mergePatch(
  changes: ReadonlyMap<string, { path: string[]; value: unknown }>,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const { path, value } of changes.values()) {
    let at = patch;
    path.slice(0, -1).forEach((key) => {
      const next = at[key];
      at = (next && typeof next === "object" ? next : (at[key] = {})) as Record<string, unknown>;
    });
    at[path[path.length - 1]!] = value;
  }
  return patch;
}

/**
 * Reads what a person typed into a field of `kind` as the value to save: a number from a number
 * field, one list item per line, parsed JSON; an empty field is `null` (remove the key). Throws with
 * a message a person can act on when the text is not a value of that kind.
 */
export function parseFieldText(kind: FieldKind, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  switch (kind) {
    case "number": {
      const n = Number(trimmed);
      if (!Number.isFinite(n)) throw new Error(`"${trimmed}" is not a number`);
      return n;
    }
    case "list":
      return trimmed
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
    case "json":
      try {
        return JSON.parse(trimmed) as unknown;
      } catch {
        throw new Error("not valid JSON");
      }
    default:
      return text;
  }
}

/** How a field's current value is written into its text input (lists one item per line, JSON pretty). */
export function fieldText(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (kind === "list" && Array.isArray(value)) return value.map(String).join("\n");
  if (kind === "json") return JSON.stringify(value, null, 2);
  return String(value);
}
