import { parseSubject } from "./subject-template.js";

/** A catalogue subject with, for one release, the template it had before its `.v1` token. */
export interface VersionedSubject {
  readonly subject: string;
  readonly legacySubject?: string;
}

/** The templates a subscriber or reader covers: the current one first, then the legacy one if any. */
export function subjectTemplates(def: VersionedSubject): string[] {
  return def.legacySubject ? [def.subject, def.legacySubject] : [def.subject];
}

/** Reads the parameters back out of a subject written under the current or the legacy template. */
export function parseVersionedSubject(
  def: VersionedSubject,
  subject: string,
): Record<string, string> | undefined {
  for (const template of subjectTemplates(def)) {
    const params = parseSubject(template, subject);
    if (params) return params;
  }
  return undefined;
}
