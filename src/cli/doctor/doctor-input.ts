import type { ConfigLoadResult } from "@clawfleet/config";

/** What the doctor checks look at: the environment, the config file and the machine. */
export interface DoctorInput {
  env: Record<string, string | undefined>;
  stateDir: string;
  configFile: string;
  config: ConfigLoadResult;
  /** Bind mode the gateway will use: `--bind`, else `gateway.bind`. */
  bind: string;
  /** Machine memory in MB (`FLY_VM_MEMORY_MB`, else the OS total). */
  machineMemoryMb: number;
  /** V8 heap limit of a process started with the current NODE_OPTIONS, in MB. */
  heapLimitMb: number;
}
