import { css } from "lit";

/** The look of rendered Markdown inside a chat bubble (tables and code scroll inside the bubble, never the page). */
export const markdownStyles = css`
  .md > :first-child { margin-top: 0; }
  .md > :last-child { margin-bottom: 0; }
  .md p, .md ul, .md ol, .md blockquote, .md .md-table, .md .md-code { margin: 0 0 8px; }
  .md h3, .md h4, .md h5 { margin: 10px 0 6px; font-size: 16px; }
  .md h3 { font-size: 18px; }
  .md ul, .md ol { padding-left: 1.4em; }
  .md a { color: #79b8ff; }
  .md blockquote { border-left: 3px solid var(--border); padding-left: 10px; color: var(--muted); }
  .md code { background: var(--bg); border-radius: 4px; padding: 0 3px; }
  .md-table { overflow-x: auto; max-width: 100%; }
  .md table { border-collapse: collapse; font-size: 14px; }
  .md th, .md td { border: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top; }
  .md th { background: var(--panel); }
  .md-code { border: 1px solid var(--border); border-radius: var(--radius); background: var(--bg); max-width: 100%; }
  .md-code-bar { display: flex; justify-content: space-between; align-items: center; padding: 2px 4px 2px 10px; border-bottom: 1px solid var(--border); font-size: 12px; }
  .md-code-bar button { min-height: 26px; padding: 1px 8px; font-size: 12px; }
  .md pre { margin: 0; padding: 8px 10px; overflow-x: auto; white-space: pre; }
  .md pre code { background: none; padding: 0; }
`;
