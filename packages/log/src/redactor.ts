/** Replaced text for every secret found in a log line. */
export const REDACTED = "[redacted]";

const SECRET_KEY =
  /(token|secret|password|passwd|api[-_]?key|apikey|authorization|auth[-_]?token|cookie|signature)$/i;
const MIN_SECRET_LENGTH = 6;

/** Environment variable names whose values are secrets. */
export const SECRET_ENV_NAME = /(TOKEN|SECRET|PASSWORD|API_KEY|AUTH|KEY|SID|CREDENTIALS?)$/;

/** Removes secrets from log records: by field name and by known secret values anywhere in the text. */
export class Redactor {
  readonly #values = new Set<string>();

  /** Registers a secret value; every later occurrence in a log line is replaced. Short values are ignored. */
  add(value: string | undefined): void {
    if (value && value.length >= MIN_SECRET_LENGTH) this.#values.add(value);
  }

  /** Registers the values of every environment variable whose name looks like a secret. */
  addFromEnv(env: Record<string, string | undefined>): void {
    for (const [name, value] of Object.entries(env))
      if (SECRET_ENV_NAME.test(name)) this.add(value);
  }

  /** Whether a field of this name holds a secret regardless of its value. */
  isSecretKey(key: string): boolean {
    return SECRET_KEY.test(key);
  }

  /** Replaces every registered secret value in `text`. */
  scrub(text: string): string {
    let out = text;
    for (const value of this.#values)
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }
}
