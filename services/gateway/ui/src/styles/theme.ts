import { css } from "lit";

/** Shared look: dark, compact, readable on a phone. */
export const theme = css`
  :host {
    --bg: #111418;
    --panel: #181c22;
    --panel-2: #1f242b;
    --border: #2a3038;
    --text: #e6e8eb;
    --muted: #8b949e;
    --accent: #e5533d;
    --ok: #3fb950;
    --warn: #d29922;
    --err: #f85149;
    --radius: 8px;
    color: var(--text);
    font-size: 15px;
  }
  * { box-sizing: border-box; }
  button {
    font: inherit;
    color: var(--text);
    background: var(--panel-2);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    padding: 0.45em 0.9em;
    cursor: pointer;
    min-height: 36px;
  }
  button:hover:not(:disabled) { border-color: var(--muted); }
  button:disabled { opacity: 0.5; cursor: default; }
  button.primary { background: var(--accent); border-color: var(--accent); color: white; }
  button.danger { border-color: var(--err); color: var(--err); }
  input, textarea, select {
    font: inherit;
    color: var(--text);
    background: var(--bg);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    padding: 0.5em 0.7em;
    min-width: 0;
  }
  textarea { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
  .panel { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); padding: 12px; }
  .muted { color: var(--muted); }
  .banner { border-radius: var(--radius); padding: 10px 12px; margin: 0 0 12px; border: 1px solid var(--border); background: var(--panel-2); }
  .banner.warn { border-color: var(--warn); }
  .banner.error { border-color: var(--err); }
  .banner.ok { border-color: var(--ok); }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  .pill { display: inline-block; border-radius: 999px; padding: 1px 8px; font-size: 12px; border: 1px solid var(--border); }
  .pill.ok { border-color: var(--ok); color: var(--ok); }
  .pill.warn { border-color: var(--warn); color: var(--warn); }
  .pill.err { border-color: var(--err); color: var(--err); }
  h2 { font-size: 18px; margin: 0 0 12px; }
  code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
`;

/** How long ago a timestamp was, briefly. */
export function ago(ts: number | undefined): string {
  if (!ts) return "—";
  const s = Math.max(0, Math.round((Date.now() - ts) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}
