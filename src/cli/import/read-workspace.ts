import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import {
  isWorkspaceFileName,
  WORKSPACE_BOOTSTRAP_FILES,
  WORKSPACE_FILE_MAX_BYTES,
} from "@clawfleet/bus";
import type { ImportedWorkspaceFile, ImportProblem } from "./import-plan.js";
import { readFileCapped } from "./read-file-capped.js";

/**
 * The workspace folder of an agent in the state dir: the configured path when it exists on this
 * machine, else a folder of that name in the state dir (the old `/data/workspace` copied elsewhere),
 * else OpenClaw's default (`workspace` for the default agent, `workspace-<id>` for the others).
 */
export function workspaceDir(
  stateDir: string,
  agentId: string,
  isDefault: boolean,
  configured: string | undefined,
): string {
  if (configured) {
    if (existsSync(configured)) return configured;
    const local = path.join(stateDir, path.basename(configured));
    if (existsSync(local)) return local;
  }
  return path.join(stateDir, isDefault ? "workspace" : `workspace-${agentId}`);
}

/** Reads an agent's bootstrap files and `memory/*.md`; a file too large or badly named is reported and skipped. */
export function readWorkspace(
  stateDir: string,
  agentId: string,
  dir: string,
  problems: ImportProblem[],
): ImportedWorkspaceFile[] {
  if (!existsSync(dir)) return [];
  const rel = (name: string) => path.relative(stateDir, path.join(dir, name)) || name;
  const names: string[] = WORKSPACE_BOOTSTRAP_FILES.filter((name) =>
    existsSync(path.join(dir, name)),
  );
  const memoryDir = path.join(dir, "memory");
  if (existsSync(memoryDir))
    for (const entry of readdirSync(memoryDir, { withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".md")) continue;
      const name = `memory/${entry.name}`;
      if (isWorkspaceFileName(name)) names.push(name);
      else
        problems.push({
          file: rel(name),
          message:
            "name is not allowed in a workspace (letters, digits, _ and - before .md): not imported",
        });
    }
  const out: ImportedWorkspaceFile[] = [];
  for (const name of names) {
    const content = readFileCapped(
      path.join(dir, name),
      rel(name),
      WORKSPACE_FILE_MAX_BYTES,
      problems,
    );
    if (content !== undefined) out.push({ agentId, name, content, file: rel(name) });
  }
  return out;
}
