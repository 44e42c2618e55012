/** Whether the doctor runs on a Fly Machine (its fixes then use `fly …`; on a laptop, the shell). */
export function onFly(env: Record<string, string | undefined>): boolean {
  return Boolean(env.FLY_APP_NAME || env.FLY_MACHINE_ID);
}

/** How to set a secret here: `fly secrets set VAR=…` on Fly, `export VAR=…` (then restart) elsewhere. */
export function setSecretFix(env: Record<string, string | undefined>, assignment: string): string {
  return onFly(env)
    ? `fly secrets set ${assignment}`
    : `export ${assignment}   (in the shell that runs clawfleet, then restart it)`;
}
