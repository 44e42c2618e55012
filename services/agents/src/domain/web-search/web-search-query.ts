/** Most results one search returns (OpenClaw's bound). */
export const MAX_SEARCH_RESULTS = 10;
/** Longest query accepted (Brave refuses longer ones). */
export const MAX_QUERY_CHARS = 400;

const FRESHNESS = { day: "pd", week: "pw", month: "pm", year: "py" } as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One search as the provider is asked it. */
export interface WebSearchQuery {
  query: string;
  count: number;
  country?: string;
  searchLang?: string;
  uiLang?: string;
  /** Brave's freshness: `pd|pw|pm|py` or `YYYY-MM-DDtoYYYY-MM-DD`. */
  freshness?: string;
}

/** One result as the model reads it. */
export interface WebSearchHit {
  title: string;
  url: string;
  snippet: string;
  published?: string;
  siteName?: string;
}

const str = (input: Record<string, unknown>, name: string): string | undefined => {
  const value = input[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
};

/** Reads the model's `web_search` input (OpenClaw's parameters) into a query, or says which parameter is wrong. */
export function parseSearchInput(
  input: Record<string, unknown>,
  defaultCount: number,
): WebSearchQuery | { error: string } {
  const query = str(input, "query");
  if (!query) return { error: "web_search needs a query" };
  if (query.length > MAX_QUERY_CHARS)
    return { error: `query is longer than ${MAX_QUERY_CHARS} characters` };
  const rawCount = input["count"];
  const count =
    typeof rawCount === "number" && Number.isFinite(rawCount)
      ? Math.min(MAX_SEARCH_RESULTS, Math.max(1, Math.floor(rawCount)))
      : defaultCount;
  const out: WebSearchQuery = { query, count };
  const country = str(input, "country");
  if (country) {
    if (!/^[A-Za-z]{2}$/.test(country)) return { error: "country must be a 2-letter ISO code" };
    out.country = country.toUpperCase();
  }
  const searchLang = str(input, "search_lang") ?? str(input, "language");
  if (searchLang) out.searchLang = searchLang.toLowerCase();
  const uiLang = str(input, "ui_lang");
  if (uiLang) out.uiLang = uiLang;
  const freshness = str(input, "freshness");
  const after = str(input, "date_after");
  const before = str(input, "date_before");
  if (freshness) {
    if (!(freshness in FRESHNESS)) return { error: "freshness must be day, week, month or year" };
    out.freshness = FRESHNESS[freshness as keyof typeof FRESHNESS];
  } else if (after || before) {
    for (const [name, value] of [
      ["date_after", after],
      ["date_before", before],
    ] as const)
      if (value && !DATE.test(value)) return { error: `${name} must be YYYY-MM-DD` };
    out.freshness = `${after ?? "1970-01-01"}to${before ?? new Date().toISOString().slice(0, 10)}`;
  }
  return out;
}
