import * as z from "zod";
import type { ConfigIssue, PathSegment } from "../issues/config-issue.js";
import { configIssue } from "../issues/config-issue.js";
import { suggestKey } from "../issues/suggest-key.js";
import { isJsonObject } from "./json-value.js";

/**
 * Walks `value` against `schema` and returns one warning per object key the schema does not
 * know, as `path: unknown key "x"` (with a "did you mean" hint when a known key is close).
 */
export function findUnknownKeys(value: unknown, schema: z.ZodType): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  walk(value, schema, [], warnings);
  return warnings;
}

function walk(value: unknown, schema: z.ZodType, at: PathSegment[], warnings: ConfigIssue[]): void {
  const target = pickShape(value, unwrap(schema));
  if (target instanceof z.ZodObject && isJsonObject(value)) {
    const shape = target.shape as Record<string, z.ZodType>;
    const known = Object.keys(shape);
    for (const [key, child] of Object.entries(value)) {
      const childSchema = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (childSchema !== undefined) {
        walk(child, childSchema, [...at, key], warnings);
        continue;
      }
      const hint = suggestKey(key, known);
      warnings.push(
        configIssue(
          at,
          `unknown key "${key}"${hint === undefined ? "" : ` (did you mean "${hint}"?)`}`,
        ),
      );
    }
  } else if (target instanceof z.ZodRecord && isJsonObject(value)) {
    for (const [key, child] of Object.entries(value))
      walk(child, target.valueType as z.ZodType, [...at, key], warnings);
  } else if (target instanceof z.ZodArray && Array.isArray(value)) {
    value.forEach((item, i) => walk(item, target.element as z.ZodType, [...at, i], warnings));
  }
}

// Strips wrappers that do not change which keys an object accepts.
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodCatch ||
      current instanceof z.ZodReadonly ||
      current instanceof z.ZodLazy
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
}

// For a union, the option whose kind (object/record vs array) fits the value, preferring one that parses.
function pickShape(value: unknown, schema: z.ZodType): z.ZodType {
  if (!(schema instanceof z.ZodUnion)) return schema;
  const options = (schema.options as readonly z.ZodType[])
    .map(unwrap)
    .filter((option) =>
      Array.isArray(value)
        ? option instanceof z.ZodArray
        : isJsonObject(value) && (option instanceof z.ZodObject || option instanceof z.ZodRecord),
    );
  return options.find((option) => option.safeParse(value).success) ?? options[0] ?? schema;
}
