/** The parameter names of a subject template such as `inbox.{session}`. */
export type SubjectParamNames<T extends string> = T extends `${string}{${infer P}}${infer Rest}`
  ? P | SubjectParamNames<Rest>
  : never;

/** The parameters a subject template needs, one string per `{name}` token. */
export type SubjectParams<T extends string> = [SubjectParamNames<T>] extends [never]
  ? Record<string, never>
  : Record<SubjectParamNames<T>, string>;

const PARAM = /^\{([a-zA-Z][a-zA-Z0-9]*)\}$/;
const BAD_TOKEN = /[\s.*>]/;

/** Whether `value` can stand as one subject token (non-empty, no `.`, `*`, `>` or whitespace). */
export function isValidSubjectToken(value: string): boolean {
  return value.length > 0 && !BAD_TOKEN.test(value);
}

/** Fills a template's `{name}` tokens; a missing or unsafe value throws, naming the token. */
export function fillSubject(template: string, params: Record<string, string>): string {
  return template
    .split(".")
    .map((token) => {
      const match = PARAM.exec(token);
      if (!match) return token;
      const name = match[1]!;
      const value = params[name];
      if (value === undefined)
        throw new TypeError(`subject ${template}: missing parameter "${name}"`);
      if (!isValidSubjectToken(value))
        throw new TypeError(
          `subject ${template}: parameter "${name}" is not a single subject token: ${JSON.stringify(value)}`,
        );
      return value;
    })
    .join(".");
}

/** Fills the given parameters and turns the others into `*`, for subscriptions. */
export function subjectPattern(
  template: string,
  params: Partial<Record<string, string>> = {},
): string {
  return template
    .split(".")
    .map((token) => {
      const match = PARAM.exec(token);
      if (!match) return token;
      const value = params[match[1]!];
      if (value === undefined) return "*";
      if (!isValidSubjectToken(value))
        throw new TypeError(
          `subject ${template}: parameter "${match[1]}" is not a single subject token`,
        );
      return value;
    })
    .join(".");
}

/** Reads the parameters back out of a concrete subject; undefined when it doesn't match the template. */
export function parseSubject(
  template: string,
  subject: string,
): Record<string, string> | undefined {
  const expected = template.split(".");
  const actual = subject.split(".");
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < expected.length; i++) {
    const match = PARAM.exec(expected[i]!);
    if (match) params[match[1]!] = actual[i]!;
    else if (expected[i] !== actual[i]) return undefined;
  }
  return params;
}
