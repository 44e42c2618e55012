/** Splits text into streaming deltas of two words each, as a model would emit tokens. */
export function textChunks(text: string): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? [text];
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += 2) chunks.push(words.slice(i, i + 2).join(""));
  return chunks.length > 0 ? chunks : [""];
}

/** Splits a JSON text into up to three pieces, so clients must join partial JSON. */
export function jsonChunks(json: string): string[] {
  const third = Math.ceil(json.length / 3);
  const pieces = [json.slice(0, third), json.slice(third, 2 * third), json.slice(2 * third)];
  return pieces.filter((p) => p.length > 0);
}

/** One SSE frame with an event name (Anthropic style). */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** One SSE frame with data only (OpenAI style); strings are sent verbatim (`[DONE]`). */
export function sseData(data: unknown): string {
  return `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}
