import { formatConfigPath } from "@clawfleet/config/issues";

/** One problem found in a document: where (`a.b[0].c`, "" for the root) and what. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/** What {@link validateAgainstSchema} found: errors block a save, warnings (unknown keys) don't. */
export interface SchemaReport {
  errors: SchemaIssue[];
  warnings: SchemaIssue[];
}

type Schema = { [keyword: string]: unknown } | boolean;
type Segment = string | number;

/** Renders a path exactly as the config package does (`a.b[0].c`, odd keys as `["k.e.y"]`). */
export const formatPath: (path: readonly Segment[]) => string = formatConfigPath;

/**
 * A small JSON Schema (draft 2020-12 subset) validator for the Control UI's config editor: the
 * keywords zod's JSON Schema export uses (type, enum, const, properties, required,
 * additionalProperties, propertyNames, items, min/max*, pattern, format uri, anyOf/oneOf/allOf, $ref).
 * Keys a schema does not know are warnings, as the gateway treats them.
 */
export function validateAgainstSchema(root: Schema, value: unknown): SchemaReport {
  const report: SchemaReport = { errors: [], warnings: [] };
  check(root, value, [], root, report);
  return report;
}

function check(
  schema: Schema,
  value: unknown,
  path: Segment[],
  root: Schema,
  report: SchemaReport,
): void {
  if (schema === true) return;
  if (schema === false)
    return void report.errors.push({ path: formatPath(path), message: "not allowed here" });
  const s = resolveRef(schema, root);
  const add = (message: string, at: Segment[] = path): void => {
    report.errors.push({ path: formatPath(at), message });
  };
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf))
    return checkUnion((s.anyOf ?? s.oneOf) as Schema[], value, path, root, report);
  if (Array.isArray(s.allOf))
    for (const part of s.allOf as Schema[]) check(part, value, path, root, report);
  if (s.type !== undefined && !typeMatches(s.type, value))
    return add(`expected ${[s.type].flat().join(" or ")}, got ${typeName(value)}`);
  if (Array.isArray(s.enum) && !s.enum.some((option) => equal(option, value)))
    return add(`expected one of ${s.enum.map((o) => JSON.stringify(o)).join(", ")}`);
  if ("const" in s && !equal(s.const, value)) return add(`expected ${JSON.stringify(s.const)}`);
  if (typeof value === "string") checkString(s, value, add);
  if (typeof value === "number") checkNumber(s, value, add);
  if (Array.isArray(value)) {
    if (typeof s.minItems === "number" && value.length < s.minItems)
      add(`expected at least ${s.minItems} item(s)`);
    if (typeof s.maxItems === "number" && value.length > s.maxItems)
      add(`expected at most ${s.maxItems} item(s)`);
    if (s.items !== undefined)
      value.forEach((item, i) => check(s.items as Schema, item, [...path, i], root, report));
  }
  if (isObject(value)) checkObject(s, value, path, root, report);
}

function checkObject(
  s: Record<string, unknown>,
  value: Record<string, unknown>,
  path: Segment[],
  root: Schema,
  report: SchemaReport,
): void {
  const properties = (isObject(s.properties) ? s.properties : {}) as Record<string, Schema>;
  for (const key of Array.isArray(s.required) ? (s.required as string[]) : []) {
    if (!(key in value))
      report.errors.push({ path: formatPath([...path, key]), message: "required" });
  }
  for (const [key, child] of Object.entries(value)) {
    if (s.propertyNames !== undefined) {
      const names: SchemaReport = { errors: [], warnings: [] };
      check(s.propertyNames as Schema, key, [], root, names);
      if (names.errors.length > 0)
        report.errors.push({
          path: formatPath([...path, key]),
          message: `key ${JSON.stringify(key)}: ${names.errors[0]!.message}`,
        });
    }
    if (key in properties) check(properties[key]!, child, [...path, key], root, report);
    else if (s.additionalProperties === false)
      report.errors.push({
        path: formatPath([...path, key]),
        message: "unknown key (not allowed)",
      });
    else if (s.additionalProperties !== undefined && s.additionalProperties !== true)
      check(s.additionalProperties as Schema, child, [...path, key], root, report);
    else if (s.properties !== undefined && key !== "$schema")
      report.warnings.push({ path: formatPath([...path, key]), message: "unknown key (ignored)" });
  }
}

// The branch that fits best explains the error: one whose type matches, with the fewest errors.
function checkUnion(
  branches: Schema[],
  value: unknown,
  path: Segment[],
  root: Schema,
  report: SchemaReport,
): void {
  let best: SchemaReport | undefined;
  for (const branch of branches) {
    const attempt: SchemaReport = { errors: [], warnings: [] };
    check(branch, value, path, root, attempt);
    if (attempt.errors.length === 0) {
      report.warnings.push(...attempt.warnings);
      return;
    }
    const typed =
      branch !== true && branch !== false && typeMatches(resolveRef(branch, root).type, value);
    if (!best || (typed && attempt.errors.length <= best.errors.length)) best = attempt;
  }
  report.errors.push(
    ...(best?.errors ?? [{ path: formatPath(path), message: "does not match any allowed form" }]),
  );
}

function checkString(
  s: Record<string, unknown>,
  value: string,
  add: (message: string) => void,
): void {
  if (typeof s.minLength === "number" && value.length < s.minLength)
    add(s.minLength === 1 ? "must not be empty" : `expected at least ${s.minLength} characters`);
  if (typeof s.maxLength === "number" && value.length > s.maxLength)
    add(`expected at most ${s.maxLength} characters`);
  if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value))
    add(`does not match ${s.pattern}`);
  if ((s.format === "uri" || s.format === "url") && !URL.canParse(value)) add("expected a URL");
}

function checkNumber(
  s: Record<string, unknown>,
  value: number,
  add: (message: string) => void,
): void {
  if (typeof s.minimum === "number" && value < s.minimum) add(`expected ≥ ${s.minimum}`);
  if (typeof s.maximum === "number" && value > s.maximum) add(`expected ≤ ${s.maximum}`);
  if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum)
    add(`expected > ${s.exclusiveMinimum}`);
  if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum)
    add(`expected < ${s.exclusiveMaximum}`);
}

function resolveRef(schema: Record<string, unknown>, root: Schema): Record<string, unknown> {
  let current = schema;
  for (let depth = 0; typeof current.$ref === "string" && depth < 20; depth++) {
    const target = (current.$ref as string)
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>(
        (node, key) =>
          isObject(node) ? node[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined,
        root,
      );
    if (!isObject(target)) break;
    current = {
      ...target,
      ...Object.fromEntries(Object.entries(current).filter(([k]) => k !== "$ref")),
    };
  }
  return current;
}

function typeMatches(type: unknown, value: unknown): boolean {
  if (type === undefined) return true;
  return [type]
    .flat()
    .some(
      (t) =>
        t === typeName(value) ||
        (t === "number" && typeof value === "number") ||
        (t === "integer" && Number.isInteger(value)),
    );
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
