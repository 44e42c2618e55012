import type { WebSearchAvailability } from "@clawfleet/config";

/** The log line saying whether agents offer `web_search`, and why not (naming what to set). */
export function webSearchStatusLine(availability: WebSearchAvailability): string {
  if (!availability.ready) return `web_search: not offered: ${availability.reason}`;
  const { maxResults, cacheTtlMs } = availability.settings;
  const cache =
    cacheTtlMs > 0 ? `results cached ${Math.round(cacheTtlMs / 60_000)} min` : "no cache";
  return `web_search: offered (Brave, ${maxResults} results unless the model asks for more, ${cache})`;
}

/**
 * Logs {@link webSearchStatusLine} now and again whenever a config change alters it, so an operator
 * sees at start and after an edit whether the tool is there. Returns the function to call on a change.
 */
export function followWebSearchStatus(
  current: () => WebSearchAvailability,
  log: (line: string) => void,
): () => void {
  let last = webSearchStatusLine(current());
  log(last);
  return () => {
    const line = webSearchStatusLine(current());
    if (line !== last) log(line);
    last = line;
  };
}
