/** One wrong secret and what makes it a hard case. */
export interface WrongSecret {
  readonly what: string;
  readonly value: string;
}

const flip = (c: string): string => (c === "x" ? "y" : "x");

/**
 * Wrong secrets that a sloppy comparison would accept: the same length (one character off at
 * the end, at the start, all different), the right secret with a character missing or added
 * (matching prefix), empty, and a short unrelated word.
 */
export function wrongSecrets(secret: string): WrongSecret[] {
  if (secret.length < 2) throw new Error("wrongSecrets needs a secret of two characters or more");
  return [
    { what: "same length, last character off", value: secret.slice(0, -1) + flip(secret.at(-1)!) },
    { what: "same length, first character off", value: flip(secret[0]!) + secret.slice(1) },
    {
      what: "same length, all different",
      value:
        "x".repeat(secret.length) === secret
          ? "y".repeat(secret.length)
          : "x".repeat(secret.length),
    },
    { what: "matching prefix, one character short", value: secret.slice(0, -1) },
    { what: "the secret plus one character", value: `${secret}x` },
    { what: "empty", value: "" },
    { what: "short and unrelated", value: "nope" },
  ];
}
