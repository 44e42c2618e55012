/** A 5,000-character reply: prose, a fenced code block that would straddle 4,000, more prose. */
export function longReplyWithCode(): string {
  const prose = Array.from(
    { length: 60 },
    (_, i) => `Paragraph ${i} explains one more detail of the answer in plain words.`,
  ).join("\n\n");
  const code = [
    "```ts",
    ...Array.from({ length: 40 }, (_, i) => `const value${i} = compute(${i}); // step ${i}`),
    "```",
  ].join("\n");
  const text = `${prose.slice(0, 3300)}\n\n${code}\n\n${prose.slice(0, 5000 - 3300 - code.length - 4)}`;
  return text;
}
