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
  /** Whether `bind: "auto"` means lan here (in a container or on Fly), as the gateway decides. */
  inContainer: boolean;
  /** Heap limits (MB) of the live service instances on the bus, as they report them; empty when none answers. */
  serviceHeaps: { name: string; id: string; heapLimitMb: number }[];
}
