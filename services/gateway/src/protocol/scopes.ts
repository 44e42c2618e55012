/** Operator scopes a client may hold (OpenClaw's names). */
export const Scope = {
  Read: "operator.read",
  Write: "operator.write",
  Admin: "operator.admin",
  Pairing: "operator.pairing",
  Approvals: "operator.approvals",
  Talk: "operator.talk",
} as const;

/** One operator scope. */
export type Scope = (typeof Scope)[keyof typeof Scope];

const KNOWN: ReadonlySet<string> = new Set(Object.values(Scope));

// admin ⊇ write ⊇ read; admin also covers pairing, approvals and talk; write covers talk, as in OpenClaw.
const IMPLIED: Record<Scope, readonly Scope[]> = {
  "operator.admin": [Scope.Write, Scope.Read, Scope.Pairing, Scope.Approvals, Scope.Talk],
  "operator.write": [Scope.Read, Scope.Talk],
  "operator.read": [],
  "operator.pairing": [],
  "operator.approvals": [],
  "operator.talk": [],
};

/**
 * The scopes a token holder is granted: what it asked for (unknown names dropped) plus what
 * those imply; every operator scope when it asked for none at all.
 */
export function grantScopes(requested: readonly string[] | undefined): Set<Scope> {
  const asked =
    requested === undefined || requested.length === 0
      ? [Scope.Admin]
      : requested.filter((s): s is Scope => KNOWN.has(s));
  const granted = new Set<Scope>();
  for (const scope of asked) {
    granted.add(scope);
    for (const implied of IMPLIED[scope]) granted.add(implied);
  }
  return granted;
}

/** Whether a set of granted scopes satisfies one required scope. */
export function hasScope(granted: ReadonlySet<Scope>, required: Scope): boolean {
  return granted.has(required);
}
