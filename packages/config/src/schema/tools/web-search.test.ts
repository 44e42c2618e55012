import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfigText } from "../../load/parse-config-text.js";

function parse(value: unknown) {
  return parseConfigText(JSON.stringify(value), { file: "/tmp/openclaw.json", env: {} });
}

function errorPaths(value: unknown): string[] {
  const result = parse(value);
  assert.equal(result.ok, false, "expected the config to be rejected");
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
}

describe("tools.web.search and plugins.entries.brave", () => {
  it("load OpenClaw's documented example with its defaults", () => {
    const result = parse({
      plugins: {
        entries: {
          brave: {
            config: { webSearch: { apiKey: "BSAkey", baseUrl: "https://api.search.brave.com" } },
          },
        },
      },
      tools: { web: { search: { provider: "brave", maxResults: 5, timeoutSeconds: 30 } } },
    });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.config.tools.web.search, {
      enabled: true,
      provider: "brave",
      maxResults: 5,
      timeoutSeconds: 30,
      cacheTtlMinutes: 15,
    });
    assert.equal(result.config.plugins.entries.brave?.config.webSearch.mode, "web");
  });

  it("name the field of a typo'd provider, an out-of-range count and a public http base URL", () => {
    const errors = errorPaths({
      tools: { web: { search: { provider: "brvae", maxResults: 11, cacheTtlMinutes: -1 } } },
      plugins: {
        entries: { brave: { config: { webSearch: { baseUrl: "http://api.search.brave.com" } } } },
      },
    });
    const paths = errors.map((e) => e.split(":")[0]);
    assert.deepEqual(paths.sort(), [
      "plugins.entries.brave.config.webSearch.baseUrl",
      "tools.web.search.cacheTtlMinutes",
      "tools.web.search.maxResults",
      "tools.web.search.provider",
    ]);
    assert.match(errors.join("\n"), /must be https/);
  });

  it("accept http only for a proxy at a loopback or private IP address", () => {
    for (const baseUrl of ["http://127.0.0.1:8080", "http://10.1.2.3", "http://[::1]:9000"]) {
      const result = parse({
        plugins: { entries: { brave: { config: { webSearch: { baseUrl } } } } },
      });
      assert.ok(result.ok, `${baseUrl}: ${result.ok ? "" : JSON.stringify(result.errors)}`);
    }
    assert.equal(
      errorPaths({
        plugins: { entries: { brave: { config: { webSearch: { baseUrl: "http://8.8.8.8" } } } } },
      }).length,
      1,
    );
  });
});
