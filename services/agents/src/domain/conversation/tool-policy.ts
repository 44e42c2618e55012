/** `agents.list[].tools`: names (or `*` patterns) allowed and denied. */
export interface ToolPolicy {
  allow?: readonly string[];
  deny?: readonly string[];
}

function matches(pattern: string, name: string): boolean {
  const trimmed = pattern.trim().toLowerCase();
  if (trimmed === "*") return true;
  if (!trimmed.includes("*")) return trimmed === name.toLowerCase();
  const regex = new RegExp(
    `^${trimmed
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return regex.test(name.toLowerCase());
}

/** Whether an agent may use a tool: deny wins; with an `allow` list only listed tools pass; no lists = every tool. */
export function isToolAllowed(name: string, policy: ToolPolicy): boolean {
  if (policy.deny?.some((pattern) => matches(pattern, name))) return false;
  if (policy.allow && policy.allow.length > 0)
    return policy.allow.some((pattern) => matches(pattern, name));
  return true;
}
