import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConfigText } from "@clawfleet/config";
import type { DoctorInput } from "./doctor-input.js";
import { checkWebSearch } from "./web-search-check.js";

function input(configText: string, env: Record<string, string> = {}): DoctorInput {
  return {
    env,
    stateDir: "/data",
    configFile: "/data/openclaw.json",
    config: parseConfigText(configText, { file: "/data/openclaw.json", env }),
    bind: "loopback",
    machineMemoryMb: 256,
    inContainer: false,
    serviceHeaps: [],
  };
}

test("doctor says how to enable web_search, names an unsupported provider, and confirms a set key", () => {
  const [none] = checkWebSearch(input("{}", { FLY_APP_NAME: "app" }));
  assert.equal(none!.severity, "info");
  assert.match(none!.message, /web_search is not offered: no Brave Search API key/);
  assert.match(none!.fix!, /fly secrets set BRAVE_API_KEY=/);
  const [exa] = checkWebSearch(
    input(`{ tools: { web: { search: { provider: "exa" } } } }`, { BRAVE_API_KEY: "k" }),
  );
  assert.equal(exa!.severity, "warn");
  assert.match(exa!.message, /"exa" is not supported by clawfleet \(only "brave"\)/);
  const [ready] = checkWebSearch(input("{}", { BRAVE_API_KEY: "k" }));
  assert.equal(ready!.severity, "ok");
  const [fromFile] = checkWebSearch(
    input(`{ plugins: { entries: { brave: { config: { webSearch: { apiKey: "k" } } } } } }`),
  );
  assert.equal(fromFile!.severity, "ok");
});
