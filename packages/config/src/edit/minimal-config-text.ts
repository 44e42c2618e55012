/** Where users read about the config keys; printed in the file `--allow-unconfigured` writes. */
export const CONFIG_DOCS_URL = "https://docs.openclaw.ai/gateway/configuration";

/** The commented JSON5 that `gateway --allow-unconfigured` writes when no config exists; valid as is. */
export function minimalConfigText(): string {
  return `// openclaw.json — written by \`clawfleet gateway --allow-unconfigured\` because no config existed.
// Format: JSON5 (comments and trailing commas are fine). Keys: ${CONFIG_DOCS_URL}
// or \`clawfleet config schema\`; check edits with \`clawfleet config validate\`.
// Keep secrets in the environment (OPENCLAW_GATEWAY_TOKEN, ANTHROPIC_API_KEY, DISCORD_BOT_TOKEN, …)
// or reference them here as "\${VAR}" rather than pasting them into this file.
{
  gateway: {
    mode: "local",
  },
}
`;
}
