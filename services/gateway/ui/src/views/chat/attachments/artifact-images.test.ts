import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayRequestError, type GatewayClient } from "../../../gateway/gateway-client.js";
import { artifactImage } from "./artifact-images.js";

const id = (n: number) => `sha256:${String(n).padStart(64, "0")}`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** A gateway client answering `artifacts.download` with `answer`, counting the calls. */
function client(answer: (artifactId: string) => unknown) {
  const calls: Record<string, unknown>[] = [];
  const fake = {
    request: async (method: string, params: Record<string, unknown>) => {
      assert.equal(method, "artifacts.download");
      calls.push(params);
      const result = answer(String(params.artifactId));
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return { client: fake as unknown as GatewayClient, calls };
}

const stored = () => ({
  artifact: { id: "x", type: "image", mimeType: "image/png", sizeBytes: PNG.length },
  encoding: "base64",
  data: PNG.toString("base64"),
});

describe("history images downloaded with artifacts.download", () => {
  it("downloads an image once and serves it again from memory", async () => {
    const { client: gateway, calls } = client(stored);
    const first = await artifactImage(gateway, "agent:main:main", id(1));
    assert.equal(first.kind, "ready");
    const blob = await (await fetch(first.kind === "ready" ? first.url : "")).blob();
    assert.equal(blob.type, "image/png");
    assert.deepEqual(Buffer.from(await blob.arrayBuffer()), PNG, "the bytes the gateway sent");
    assert.equal(await artifactImage(gateway, "agent:main:other", id(1)), first);
    assert.deepEqual(calls, [{ sessionKey: "agent:main:main", artifactId: id(1) }], "asked once");
  });

  it("says gone when the gateway no longer stores the image, and remembers that", async () => {
    const { client: gateway, calls } = client(
      () =>
        new GatewayRequestError({
          code: "INVALID_REQUEST",
          message: "image no longer stored",
          details: { type: "artifact_not_found" },
        }),
    );
    assert.deepEqual(await artifactImage(gateway, "s", id(2)), { kind: "gone" });
    assert.deepEqual(await artifactImage(gateway, "s", id(2)), { kind: "gone" });
    assert.equal(calls.length, 1);
  });

  it("says why an image could not be loaded, and tries again next time", async () => {
    let fail = true;
    const { client: gateway, calls } = client(() =>
      fail
        ? new GatewayRequestError({ code: "UNAVAILABLE", message: "not connected to the gateway" })
        : stored(),
    );
    assert.deepEqual(await artifactImage(gateway, "s", id(3)), {
      kind: "failed",
      message: "not connected to the gateway",
    });
    fail = false;
    assert.equal((await artifactImage(gateway, "s", id(3))).kind, "ready");
    assert.equal(calls.length, 2);
  });
});
