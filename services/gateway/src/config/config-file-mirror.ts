import { copyFile, stat } from "node:fs/promises";
import { writeConfigFileAtomic } from "@clawfleet/config";

/** Suffix of the copy kept when the mirror replaces a local edit that never reached KV. */
export const BACKUP_SUFFIX = ".bak";

/**
 * Replaces the local config file with the text from KV. With `keepLocal`, the file's current
 * content (an edit that was refused or lost a race) is first copied to `<file>.bak`, so nothing
 * typed by hand is lost. Returns the backup path when one was made.
 */
export async function writeMirror(
  file: string,
  raw: string,
  keepLocal: boolean,
): Promise<string | undefined> {
  let backup: string | undefined;
  if (keepLocal) {
    backup = `${file}${BACKUP_SUFFIX}`;
    await copyFile(file, backup);
  }
  await writeConfigFileAtomic(file, raw);
  return backup;
}

/** Last modification time of `file` in ms, or undefined when it cannot be read. */
export async function modifiedAt(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}
