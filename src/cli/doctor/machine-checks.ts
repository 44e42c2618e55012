import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
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
        fix: `mkdir -p ${dir}, or mount a volume there ([[mounts]] destination = "${dir}")`,
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

/** The heap limit fits the machine: too high gets the process OOM-killed silently, too low crashes it early. */
export function checkMemory(input: DoctorInput): Finding[] {
  const { heapLimitMb, machineMemoryMb } = input;
  if (heapLimitMb > machineMemoryMb * 0.8) {
    return [
      {
        severity: "warn",
        check: "memory",
        message: `heap limit ${heapLimitMb} MB is over 80% of the machine's ${machineMemoryMb} MB: the kernel may kill the process before V8 can report it`,
        fix: `set NODE_OPTIONS=--max-old-space-size=${Math.max(64, Math.floor(machineMemoryMb * 0.6))} (fly.toml sets one per process group)`,
      },
    ];
  }
  return [
    {
      severity: "ok",
      check: "memory",
      message: `heap limit ${heapLimitMb} MB on a ${machineMemoryMb} MB machine`,
    },
  ];
}
