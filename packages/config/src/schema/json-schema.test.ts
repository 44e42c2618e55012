import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import JSON5 from "json5";
import { minimalConfigText } from "../edit/minimal-config-text.js";
import { configJsonSchema } from "./json-schema.js";

type Schema = Record<string, unknown>;

const IGNORED = new Set(["$schema", "title", "description", "default", "format"]);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function typeOk(type: string, value: unknown): boolean {
  if (type === "integer") return Number.isInteger(value);
  if (type === "object") return isObject(value);
  if (type === "array") return Array.isArray(value);
  if (type === "null") return value === null;
  return typeof value === type;
}

// A validator for the JSON Schema keywords zod emits; it throws on any other keyword so that a
// schema change cannot silently bypass the check.
function check(schema: Schema, value: unknown, at = "$"): string[] {
  const errors: string[] = [];
  for (const [keyword, arg] of Object.entries(schema)) {
    if (
      IGNORED.has(keyword) ||
      keyword === "properties" ||
      keyword === "required" ||
      keyword === "additionalProperties"
    )
      continue;
    switch (keyword) {
      case "type": {
        const types = Array.isArray(arg) ? (arg as string[]) : [arg as string];
        if (!types.some((t) => typeOk(t, value))) return [`${at}: expected ${types.join("|")}`];
        break;
      }
      case "enum":
        if (!(arg as unknown[]).includes(value)) errors.push(`${at}: not in enum`);
        break;
      case "anyOf":
        if (!(arg as Schema[]).some((branch) => check(branch, value, at).length === 0))
          errors.push(`${at}: no anyOf branch matches`);
        break;
      case "items":
        if (Array.isArray(value))
          value.forEach((item, i) => errors.push(...check(arg as Schema, item, `${at}[${i}]`)));
        break;
      case "propertyNames":
        if (isObject(value))
          for (const key of Object.keys(value))
            errors.push(...check(arg as Schema, key, `${at} key ${key}`));
        break;
      case "minimum":
        if (typeof value === "number" && value < (arg as number))
          errors.push(`${at}: below minimum`);
        break;
      case "maximum":
        if (typeof value === "number" && value > (arg as number))
          errors.push(`${at}: above maximum`);
        break;
      case "minLength":
        if (typeof value === "string" && value.length < (arg as number))
          errors.push(`${at}: too short`);
        break;
      case "pattern":
        if (typeof value === "string" && !new RegExp(arg as string, "u").test(value))
          errors.push(`${at}: pattern mismatch`);
        break;
      default:
        throw new Error(`validator does not know keyword ${keyword} (at ${at})`);
    }
  }
  if (!isObject(value)) return errors;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const key of (schema.required ?? []) as string[])
    if (!(key in value)) errors.push(`${at}.${key}: required`);
  for (const [key, child] of Object.entries(value)) {
    const sub = properties[key] ?? schema.additionalProperties;
    if (sub === false) errors.push(`${at}.${key}: not allowed`);
    else if (isObject(sub)) errors.push(...check(sub, child, `${at}.${key}`));
  }
  return errors;
}

const seed = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), "utf8"));

describe("configJsonSchema", () => {
  const schema = configJsonSchema();

  it("describes every top-level section", () => {
    const properties = schema.properties as Record<string, Schema>;
    for (const section of [
      "meta",
      "gateway",
      "agents",
      "auth",
      "models",
      "bindings",
      "session",
      "messages",
      "channels",
      "plugins",
      "logging",
    ]) {
      assert.ok(properties[section], `missing section ${section}`);
    }
    const channels = properties.channels?.properties as Record<string, Schema>;
    assert.ok(channels.discord && channels.telegram);
    const gateway = properties.gateway?.properties as Record<string, Schema>;
    assert.equal(gateway.port?.default, 18789);
  });

  it("accepts the seed's examples, the minimal config and unknown keys", () => {
    assert.deepEqual(check(schema, seed("seed-openclaw.json")), []);
    assert.deepEqual(check(schema, seed("seed-voice-call.json")), []);
    assert.deepEqual(check(schema, JSON5.parse(minimalConfigText())), []);
    assert.deepEqual(check(schema, { gateway: { futureKey: 1 }, somethingNew: {} }), []);
  });

  it("rejects wrong types, bad enums and string-vs-object unions where the loader does", () => {
    assert.deepEqual(check(schema, { gateway: { port: "3000" } }), [
      "$.gateway.port: expected integer",
    ]);
    assert.deepEqual(check(schema, { channels: { discord: { dmPolicy: "friends" } } }), [
      "$.channels.discord.dmPolicy: not in enum",
    ]);
    assert.deepEqual(check(schema, { agents: { list: [{ id: "a", model: 5 }] } }), [
      "$.agents.list[0].model: no anyOf branch matches",
    ]);
    assert.deepEqual(check(schema, { agents: { list: [{ name: "no id" }] } }), [
      "$.agents.list[0].id: required",
    ]);
  });

  it("carries defaults that are themselves valid input", () => {
    let defaults = 0;
    // Visits schema positions only: a property may itself be named "default".
    const visit = (node: unknown, at: string): void => {
      if (!isObject(node)) return;
      if ("default" in node) {
        defaults += 1;
        assert.deepEqual(check(node, node.default, at), [], `default at ${at}`);
      }
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, unknown>))
        visit(child, `${at}/${key}`);
      ((node.anyOf ?? []) as unknown[]).forEach((branch, i) => visit(branch, `${at}/anyOf/${i}`));
      visit(node.items, `${at}/items`);
      visit(node.additionalProperties, `${at}/*`);
    };
    visit(schema, "#");
    assert.ok(defaults > 20, `only ${defaults} defaults found`);
  });
});
