/**
 * The 1-based line of the key a config path points at, found by walking the JSON5 text key by key
 * (quoted or bare). A best effort for showing errors next to their line; undefined when not found.
 */
export function lineOfPath(text: string, path: string): number | undefined {
  const keys = [...path.matchAll(/\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.[\]]+)/g)]
    .map(
      (m) =>
        (m[3] ?? (m[1] !== undefined ? JSON.parse(`"${m[1]}"`) : undefined)) as string | undefined,
    )
    .filter((k): k is string => k !== undefined);
  if (keys.length === 0) return undefined;
  let from = 0;
  let found = -1;
  for (const key of keys) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(`(?:"${escaped}"|'${escaped}'|(?<![\\w$])${escaped})\\s*:`, "g");
    re.lastIndex = from;
    const match = re.exec(text);
    if (!match) break;
    found = match.index;
    from = match.index + match[0].length;
  }
  return found < 0 ? undefined : text.slice(0, found).split("\n").length;
}
