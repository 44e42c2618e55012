import { html, type nothing, type TemplateResult } from "lit";
import { parseBlocks, type MdBlock } from "./markdown-blocks.js";
import { parseInline, type MdInline } from "./markdown-inline.js";

// Everything is built as lit templates from parsed text: no string reaches innerHTML, so a
// reply containing <script> or onerror= shows as text and never runs.

/** Renders a Markdown message (headings, lists, tables, links, quotes, code blocks with a copy button). */
export function renderMarkdown(text: string): TemplateResult {
  return html`${parseBlocks(text).map(block)}`;
}

function block(b: MdBlock): TemplateResult {
  switch (b.kind) {
    case "heading":
      return heading(b.level, inline(b.text));
    case "paragraph":
      return html`<p>${inline(b.text)}</p>`;
    case "list":
      return b.ordered
        ? html`<ol>${b.items.map((i) => html`<li>${inline(i)}</li>`)}</ol>`
        : html`<ul>${b.items.map((i) => html`<li>${inline(i)}</li>`)}</ul>`;
    case "quote":
      return html`<blockquote>${renderMarkdown(b.text)}</blockquote>`;
    case "rule":
      return html`<hr />`;
    case "table":
      return html`<div class="md-table"><table>
        <thead><tr>${b.header.map((c) => html`<th>${inline(c)}</th>`)}</tr></thead>
        <tbody>${b.rows.map((r) => html`<tr>${b.header.map((_, i) => html`<td>${inline(r[i] ?? "")}</td>`)}</tr>`)}</tbody>
      </table></div>`;
    case "code":
      return html`<div class="md-code">
        <div class="md-code-bar"><span class="muted">${b.lang || "code"}</span><button type="button" class="md-copy" data-testid="copy-code" @click=${(e: Event) => copy(e, b.text)}>Copy</button></div>
        <pre><code>${b.text}</code></pre>
      </div>`;
  }
}

function heading(level: number, content: TemplateResult): TemplateResult {
  switch (level) {
    case 1:
      return html`<h3>${content}</h3>`;
    case 2:
      return html`<h4>${content}</h4>`;
    default:
      return html`<h5>${content}</h5>`;
  }
}

function inline(text: string): TemplateResult {
  return html`${parseInline(text).map(piece)}`;
}

function piece(p: MdInline): TemplateResult | string | typeof nothing {
  switch (p.kind) {
    case "text":
      return p.text;
    case "code":
      return html`<code>${p.text}</code>`;
    case "strong":
      return html`<strong>${p.children.map(piece)}</strong>`;
    case "em":
      return html`<em>${p.children.map(piece)}</em>`;
    case "link":
      return html`<a href=${p.href} target="_blank" rel="noopener noreferrer">${p.children.map(piece)}</a>`;
  }
}

async function copy(event: Event, text: string): Promise<void> {
  const button = event.currentTarget as HTMLButtonElement;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed";
  }
  setTimeout(() => (button.textContent = "Copy"), 1500);
}
