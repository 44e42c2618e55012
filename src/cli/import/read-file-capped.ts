import { statSync, readFileSync } from "node:fs";
import { errorMessage } from "@clawfleet/core";
import type { ImportProblem } from "./import-plan.js";

/** Reads a UTF-8 file of at most `maxBytes`; otherwise records why (naming the file) and returns undefined. */
export function readFileCapped(
  absolute: string,
  file: string,
  maxBytes: number,
  problems: ImportProblem[],
): string | undefined {
  try {
    const size = statSync(absolute).size;
    if (size > maxBytes) {
      problems.push({
        file,
        message: `is ${size} bytes; the import reads at most ${maxBytes} bytes`,
      });
      return undefined;
    }
    return readFileSync(absolute, "utf8");
  } catch (error) {
    problems.push({ file, message: `cannot read (${errorMessage(error)})` });
    return undefined;
  }
}
