import type { ConfigLoadResult } from "@clawfleet/config";

/** What the security audit looks at: the environment and the config file as loaded. */
export interface AuditInput {
  env: Record<string, string | undefined>;
  configFile: string;
  config: ConfigLoadResult;
  /** Permission bits of the config file (`stat().mode & 0o777`), when it exists. */
  configMode?: number;
}
