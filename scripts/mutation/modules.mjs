// The modules that carry clawfleet's invariants, each with the tests that cover it.
// `npm run mutation -- <name>` mutates `mutate` and runs `tests` once per mutant.

/** @typedef {{ name: string, doc: string, mutate: string[], tests: string[] }} MutationModule */

/** @type {MutationModule[]} Smallest and quickest first. */
export const modules = [
  {
    name: "redaction",
    doc: "secrets removed from log lines (by value and by field name)",
    mutate: ["packages/log/src/redactor.ts", "packages/log/src/serialize.ts"],
    tests: [
      "packages/log/src/logger.test.ts",
      "packages/log/src/redactor.test.ts",
      "packages/log/src/serialize.test.ts",
    ],
  },
  {
    name: "ssrf-policy",
    doc: "web_fetch refuses private, loopback, link-local and metadata addresses",
    mutate: ["services/agents/src/domain/network/address-policy.ts"],
    tests: ["services/agents/src/domain/network/address-policy.test.ts"],
  },
  {
    name: "chunking",
    doc: "replies split at platform limits without breaking code fences",
    mutate: ["packages/core/src/chunking/*.ts", "!packages/core/src/chunking/*.test.ts"],
    tests: ["packages/core/src/chunking/chunk-text.test.ts"],
  },
  {
    name: "access-policy",
    doc: "who may talk to an agent: DM/group policies, allow-lists, mentions",
    mutate: ["packages/core/src/policy/*.ts", "!packages/core/src/policy/*.test.ts"],
    tests: [
      "packages/core/src/policy/allow-from.test.ts",
      "packages/core/src/policy/decide-access.test.ts",
      "packages/core/src/policy/discord-access.test.ts",
      "packages/core/src/policy/mention.test.ts",
      "packages/core/src/policy/telegram-access.test.ts",
      "packages/core/src/policy/voice-access.test.ts",
    ],
  },
  {
    name: "gateway-auth",
    doc: "gateway token/password/browser credential checks and the brute-force limit",
    mutate: ["services/gateway/src/ws/auth/*.ts", "!services/gateway/src/ws/auth/*.test.ts"],
    tests: [
      "services/gateway/src/ws/auth/authenticator.test.ts",
      "services/gateway/src/ws/auth/browser-credential.test.ts",
      "services/gateway/src/dashboard/dashboard-codes.test.ts",
      "services/gateway/src/http/chat-completions-auth.test.ts",
      "services/gateway/src/ws/unauthenticated-limits.test.ts",
    ],
  },
  {
    name: "rate-limits",
    doc: "per-connection request budget and the pre-auth connection gate",
    mutate: [
      "services/gateway/src/ws/request-limiter.ts",
      "services/gateway/src/ws/pre-auth-gate.ts",
    ],
    tests: [
      "services/gateway/src/ws/request-limiter.test.ts",
      "services/gateway/src/ws/pre-auth-gate.test.ts",
      "services/gateway/src/ws/gateway-connection.test.ts",
      "services/gateway/src/ws/unauthenticated-limits.test.ts",
    ],
  },
  {
    name: "outbox",
    doc: "delivery: each reply sent once, handed back when the account's lease goes",
    mutate: [
      "services/channels/src/handlers/outbox-handler.ts",
      "services/channels/src/domain/delivery-plan.ts",
      "services/channels/src/state/delivery-log.ts",
    ],
    tests: [
      "services/channels/src/domain/delivery-plan.test.ts",
      "services/channels/src/handlers/outbox-handler.test.ts",
      "services/channels/src/handlers/outbox-failures.test.ts",
      "services/channels/src/handlers/outbox-records.test.ts",
    ],
  },
  {
    name: "leases",
    doc: "one holder per lease, renewal, self-fencing and hand-over",
    mutate: ["packages/bus/src/kv/lease.ts", "packages/bus/src/kv/lease-campaign.ts"],
    // lease.test.ts (the kill -9 takeover with real TTLs) is left to `npm test`: a surviving mutant
    // would cost it 13 s more, and lease-campaign.test.ts checks the same hand-overs.
    tests: [
      "packages/bus/src/kv/lease-rules.test.ts",
      "packages/bus/src/kv/lease-conflicts.test.ts",
      "packages/bus/src/kv/lease-campaign.test.ts",
      "packages/bus/src/kv/lease-campaign-watch.test.ts",
    ],
  },
  {
    name: "turn-commit",
    doc: "the turn engine commits state, then publishes the reply exactly once",
    // The commit (turn-outcome), the publish (flush-pending) and the ids a reply is deduplicated by
    // (message-turn's userEntry/runIdsFor/replyFor); the rest of message-turn builds the model's
    // input, which the model-facing tests cover, and costs a minute a mutant here.
    mutate: [
      "services/agents/src/turn/turn-outcome.ts",
      "services/agents/src/turn/state/flush-pending.ts",
      "services/agents/src/turn/message-turn.ts:37-85",
    ],
    tests: [
      "services/agents/src/turn/turn-outcome.test.ts",
      "services/agents/src/turn/state/flush-pending.test.ts",
      "services/agents/src/turn/exactly-once.test.ts",
      "services/agents/src/turn/turn-engine.test.ts",
      "services/agents/src/turn/lease-renewal.test.ts",
    ],
  },
];
