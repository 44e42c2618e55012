import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import * as path from "node:path";
import { ConfigWriteError } from "../errors.js";

/**
 * Replaces `file` with `text` atomically: writes a temp file in the same directory (mode 0600,
 * the config may hold secrets), fsyncs it, renames it over `file` and fsyncs the directory.
 * Creates the directory when missing. A crash leaves either the old or the new file, never half.
 */
export async function writeConfigFileAtomic(file: string, text: string): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const temp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw new ConfigWriteError(target, error);
  }
  await syncDirectory(dir);
}

// Makes the rename durable; some platforms cannot open directories, which is harmless here.
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
