import { totalmem } from "node:os";
import { loadConfigFile, resolveConfigPath, resolveStateDir } from "@clawfleet/config";
import type { Command } from "../command.js";
import { checkConfig, checkCredentials, checkGatewayAuth } from "../doctor/config-checks.js";
import { checkMemorySearch } from "../doctor/memory-search-check.js";
import { checkWebSearch } from "../doctor/web-search-check.js";
import type { DoctorInput } from "../doctor/doctor-input.js";
import { renderFindings, type Finding } from "../doctor/finding.js";
import { checkMemory, checkStateDir } from "../doctor/machine-checks.js";
import { checkNats } from "../doctor/nats-check.js";
import { cliNatsUrl } from "../cli-nats-url.js";

/** `doctor`: checks a deployment the way the seed guide's troubleshooting does, each finding with its fix. */
export const doctorCommand: Command = {
  name: "doctor",
  summary: "check config, gateway token, state volume, NATS, credentials and memory; print fixes",
  usage: "doctor [--bind MODE]",
  help: [
    "Reads the config, the environment, the state dir and the running services over the bus, and",
    "prints each problem with its fix for the platform it runs on. Exit 1 when a problem is found.",
    "",
    "Options:",
    "  --bind MODE   judge the bind the gateway will use (loopback|lan|auto|custom)",
    "",
    "Environment:",
    "  OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH, OPENCLAW_GATEWAY_TOKEN, NATS_URL, NATS_TOKEN,",
    "  ANTHROPIC_API_KEY / OPENAI_API_KEY / GOOGLE_API_KEY (the default model's key is checked)",
    "",
    "Examples:",
    "  clawfleet doctor",
    "  fly ssh console -C 'clawfleet doctor'",
  ],
  options: { bind: { type: "string" } },
  async run({ values, io }) {
    const configFile = resolveConfigPath(io.env);
    const config = loadConfigFile(configFile, io.env);
    const nats = await checkNats(io.env, cliNatsUrl(io.env));
    const { runsInContainer } = await import("@clawfleet/gateway");
    const input: DoctorInput = {
      env: io.env,
      stateDir: resolveStateDir(io.env),
      configFile,
      config,
      bind:
        (values.bind as string | undefined) ??
        (config.ok ? config.config.gateway.bind : "loopback"),
      machineMemoryMb: Number(io.env.FLY_VM_MEMORY_MB) || Math.round(totalmem() / 1048576),
      inContainer: runsInContainer(io.env),
      serviceHeaps: nats.serviceHeaps,
    };
    const findings: Finding[] = [
      ...checkConfig(input),
      ...checkGatewayAuth(input),
      ...checkStateDir(input),
      ...nats.findings,
      ...checkCredentials(input),
      ...checkWebSearch(input),
      ...checkMemorySearch(input),
      ...checkMemory(input),
    ];
    io.out(renderFindings(findings));
    const errors = findings.filter((f) => f.severity === "error").length;
    io.out(errors ? `\n${errors} problem(s) to fix.` : "\nno problems found.");
    return errors ? 1 : 0;
  },
};
