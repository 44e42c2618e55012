/** One inline piece of Markdown text. */
export type MdInline =
  | { kind: "text"; text: string }
  | { kind: "code"; text: string }
  | { kind: "strong"; children: MdInline[] }
  | { kind: "em"; children: MdInline[] }
  | { kind: "link"; href: string; children: MdInline[] };

const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/** The link target when it is http(s) or mailto; anything else (javascript:, data:) is not a link. */
export function safeHref(raw: string): string | undefined {
  try {
    const url = new URL(raw.trim());
    return SAFE_SCHEMES.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const TOKEN =
  /(`+)([\s\S]*?[^`])\1(?!`)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__|\*(?=[^\s*])([\s\S]*?[^\s*])\*|(?<![\w_])_(?=\S)([\s\S]*?\S)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)|<?(https?:\/\/[^\s<>)]+[^\s<>).,;:!?'"])>?/;

/** Parses inline Markdown (code spans, bold, italics, links, bare URLs); everything else stays text. */
export function parseInline(source: string): MdInline[] {
  const out: MdInline[] = [];
  let rest = source;
  while (rest) {
    const match = TOKEN.exec(rest);
    if (!match) {
      pushText(out, rest);
      break;
    }
    pushText(out, rest.slice(0, match.index));
    rest = rest.slice(match.index + match[0].length);
    const [whole, , code, strong, strong2, em, em2, label, target, bare] = match;
    if (code !== undefined)
      out.push({ kind: "code", text: code.trim() ? code.replace(/^ (.*) $/s, "$1") : code });
    else if (strong !== undefined || strong2 !== undefined)
      out.push({ kind: "strong", children: parseInline((strong ?? strong2)!) });
    else if (em !== undefined || em2 !== undefined)
      out.push({ kind: "em", children: parseInline((em ?? em2)!) });
    else if (label !== undefined) {
      const href = safeHref(target!);
      if (href) out.push({ kind: "link", href, children: parseInline(label) });
      else pushText(out, whole);
    } else if (bare !== undefined) {
      const href = safeHref(bare);
      if (href) out.push({ kind: "link", href, children: [{ kind: "text", text: bare }] });
      else pushText(out, whole);
    }
  }
  return out;
}

function pushText(out: MdInline[], text: string): void {
  if (!text) return;
  const last = out.at(-1);
  if (last?.kind === "text") last.text += text;
  else out.push({ kind: "text", text });
}
