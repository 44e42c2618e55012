import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConfigText } from "@clawfleet/config";
import type { DoctorInput } from "./doctor-input.js";
import { checkMemorySearch } from "./memory-search-check.js";

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

test("doctor says how memory_search ranks and what a configured provider lacks", () => {
  const [none] = checkMemorySearch(input("{}"));
  assert.equal(none!.severity, "ok");
  assert.match(none!.message, /ranks by keywords; set memory.search.provider "openai"/);

  const openai = `{ memory: { search: { provider: "openai" } } }`;
  const [noKey] = checkMemorySearch(input(openai, { FLY_APP_NAME: "app" }));
  assert.equal(noKey!.severity, "warn");
  assert.match(noKey!.message, /keywords only: memory.search needs an API key/);
  assert.match(noKey!.fix!, /fly secrets set OPENAI_API_KEY=/);

  const [ready] = checkMemorySearch(input(openai, { OPENAI_API_KEY: "sk-x" }));
  assert.equal(ready!.severity, "ok");
  assert.match(ready!.message, /ranks by meaning \(openai text-embedding-3-small\)/);

  const [voyage] = checkMemorySearch(input(`{ memory: { search: { provider: "voyage" } } }`));
  assert.equal(voyage!.severity, "warn");
  assert.match(voyage!.message, /"voyage" is not supported by clawfleet/);
});
