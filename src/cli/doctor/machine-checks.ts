import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { onFly } from "./platform-fix.js";
import type { DoctorInput } from "./doctor-input.js";
import type { Finding } from "./finding.js";

/** The state dir exists and is writable; on Fly, whether it sits on a volume (optional: the config lives on the bus). */
export function checkStateDir(input: DoctorInput): Finding[] {
  const dir = input.stateDir;
  if (!existsSync(dir))
    return [
      {
        severity: "warn",
        check: "state dir",
        message: `${dir} does not exist`,
        fix: onFly(input.env)
          ? `mount a volume there ([[mounts]] destination = "${dir}")`
          : `mkdir -p ${dir}`,
      },
    ];
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return [
      {
        severity: "error",
        check: "state dir",
        message: `${dir} is not writable by this user`,
        fix: `chown the directory to the user clawfleet runs as`,
      },
    ];
  }
  const findings: Finding[] = [
    { severity: "ok", check: "state dir", message: `${dir} is writable` },
  ];
  const onOwnDevice = statSync(dir).dev !== statSync(dirname(dir) === dir ? "/" : "/").dev;
  if (input.env.FLY_APP_NAME && !onOwnDevice) {
    // The config lives on the bus; the gateway's openclaw.json is a mirror rebuilt at every start.
    findings.push({
      severity: "info",
      check: "state dir",
      message: `${dir} is on the machine's root disk: openclaw.json there is only this gateway's mirror of the config on the bus, rebuilt at every start`,
      fix: `to keep a copy of the config outside NATS, add [[mounts]] source = "openclaw_data", destination = "${dir}", processes = ["gateway"]`,
    });
  }
  const locks = readdirSync(dir).filter((name) => /^gateway\..*\.lock$/.test(name));
  if (locks.length)
    findings.push({
      severity: "info",
      check: "state dir",
      message: `${locks.join(", ")} left by OpenClaw; clawfleet uses no lock files and ignores them`,
      fix: `rm ${locks.map((l) => `${dir}/${l}`).join(" ")}`,
    });
  return findings;
}

/**
 * Each live service's heap limit (as the service reports it, not the doctor's own) fits the
 * machine: too high gets the process OOM-killed silently. With no service answering there is
 * nothing to measure, and the finding says so.
 */
export function checkMemory(input: DoctorInput): Finding[] {
  const { serviceHeaps, machineMemoryMb } = input;
  if (serviceHeaps.length === 0)
    return [
      {
        severity: "info",
        check: "memory",
        message: `no service answers on the bus, so no heap limit to check (machine: ${machineMemoryMb} MB)`,
      },
    ];
  const fix = onFly(input.env)
    ? "fly.toml sets NODE_OPTIONS per process group ([processes]); lower --max-old-space-size there"
    : `start it with NODE_OPTIONS=--max-old-space-size=${Math.max(64, Math.floor(machineMemoryMb * 0.6))}`;
  return serviceHeaps.map(({ name, id, heapLimitMb }): Finding =>
    heapLimitMb > machineMemoryMb * 0.8
      ? {
          severity: "warn",
          check: "memory",
          message: `${name} ${id}: heap limit ${heapLimitMb} MB is over 80% of the machine's ${machineMemoryMb} MB: the kernel may kill it before V8 can report it`,
          fix,
        }
      : {
          severity: "ok",
          check: "memory",
          message: `${name} ${id}: heap limit ${heapLimitMb} MB on a ${machineMemoryMb} MB machine`,
        },
  );
}
