import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultConfig, OpenClawConfigSchema } from "@clawfleet/config";
import { StartupError } from "@clawfleet/runtime";
import { resolveCredentials } from "./credentials.js";
import { readGatewayOptions } from "./gateway-options.js";
import { resolveListenPlan, TOKEN_FIX, type ListenInputs } from "./listen-plan.js";

const gateway = (input: object = {}) => OpenClawConfigSchema.parse({ gateway: input }).gateway;
const plan = (inputs: Partial<ListenInputs>) =>
  resolveListenPlan({
    options: { allowUnconfigured: true },
    gateway: defaultConfig().gateway,
    credentials: {},
    inContainer: false,
    ...inputs,
  });

describe("listen plan", () => {
  it("takes the port from --port, then OPENCLAW_GATEWAY_PORT, then gateway.port, then 18789", () => {
    assert.equal(
      plan({
        options: { allowUnconfigured: true, port: 3000 },
        envPort: 4000,
        gateway: gateway({ port: 5000 }),
      }).port,
      3000,
    );
    assert.equal(plan({ envPort: 4000, gateway: gateway({ port: 5000 }) }).port, 4000);
    assert.equal(plan({ gateway: gateway({ port: 5000 }) }).port, 5000);
    assert.equal(plan({}).port, 18789);
  });

  it("binds lan dual-stack on ::, shown as 0.0.0.0, only with a token", () => {
    const lan = plan({
      options: { allowUnconfigured: true, bind: "lan" },
      credentials: { token: "t" },
    });
    assert.deepEqual(
      [lan.host, lan.displayHost, lan.loopback, lan.authMode],
      ["::", "0.0.0.0", false, "token"],
    );
    assert.throws(
      () => plan({ options: { allowUnconfigured: true, bind: "lan" } }),
      (error: unknown) => {
        assert.ok(error instanceof StartupError);
        assert.ok(error.message.includes(TOKEN_FIX), error.message);
        assert.ok(error.message.includes("OPENCLAW_GATEWAY_TOKEN"), error.message);
        return true;
      },
    );
  });

  it("accepts a password instead of a token, and refuses password mode without one", () => {
    assert.equal(
      plan({ options: { allowUnconfigured: true, bind: "lan" }, credentials: { password: "p" } })
        .authMode,
      "password",
    );
    assert.throws(
      () =>
        plan({
          options: { allowUnconfigured: true, bind: "lan" },
          gateway: gateway({ auth: { mode: "password" } }),
          credentials: { token: "t" },
        }),
      /no password is set/,
    );
  });

  it("--bind wins over gateway.bind; auto is lan in a container or on Fly, loopback elsewhere", () => {
    assert.equal(
      plan({
        options: { allowUnconfigured: true, bind: "loopback" },
        gateway: gateway({ bind: "lan" }),
      }).host,
      "127.0.0.1",
    );
    assert.equal(plan({ gateway: gateway({ bind: "auto" }) }).bind, "loopback");
    assert.equal(
      plan({ gateway: gateway({ bind: "auto" }), inContainer: true, credentials: { token: "t" } })
        .bind,
      "lan",
    );
    assert.throws(
      () => plan({ gateway: gateway({ bind: "auto" }), inContainer: true }),
      StartupError,
    );
  });

  it("binds a custom host, treating a loopback address as loopback", () => {
    assert.equal(
      plan({ gateway: gateway({ bind: "custom", customBindHost: "127.0.0.2" }) }).loopback,
      true,
    );
    assert.throws(
      () => plan({ gateway: gateway({ bind: "custom", customBindHost: "10.0.0.5" }) }),
      StartupError,
    );
    assert.throws(
      () => plan({ options: { allowUnconfigured: true, bind: "custom" } }),
      /customBindHost/,
    );
  });
});

describe("gateway flags and credentials", () => {
  it("reads flags and refuses bad ones by name", () => {
    assert.deepEqual(
      readGatewayOptions({ port: "3000", bind: "lan", token: "t", "allow-unconfigured": true }),
      { allowUnconfigured: true, port: 3000, bind: "lan", token: "t" },
    );
    assert.throws(() => readGatewayOptions({ port: "30x" }), /--port "30x" is not a port/);
    assert.throws(() => readGatewayOptions({ port: "70000" }), /--port/);
    assert.throws(
      () => readGatewayOptions({ bind: "everywhere" }),
      /--bind "everywhere" is not one of loopback, lan, auto, custom/,
    );
  });

  it("takes --token first, then gateway.auth.token, then OPENCLAW_GATEWAY_TOKEN", () => {
    const env = { OPENCLAW_GATEWAY_TOKEN: "env" };
    assert.equal(
      resolveCredentials(
        { allowUnconfigured: false, token: "flag" },
        gateway({ auth: { token: "file" } }),
        env,
      ).token,
      "flag",
    );
    assert.equal(
      resolveCredentials({ allowUnconfigured: false }, gateway({ auth: { token: "file" } }), env)
        .token,
      "file",
    );
    assert.equal(resolveCredentials({ allowUnconfigured: false }, gateway(), env).token, "env");
    assert.deepEqual(resolveCredentials({ allowUnconfigured: false }, gateway(), {}), {});
  });
});
