/**
 * A value from a file, quoted for an error message: JSON's quoting (so control characters and
 * quotes show as escapes), its text between the quotes cut to at most QUOTED_LENGTH characters with
 * an ellipsis and the value's length, so that a binary file or a run-away cell read as CSV gives
 * one readable line, not kilobytes of bytes.
 */
export const QUOTED_LENGTH = 40;

export function quoted(value: string): string {
  const whole = JSON.stringify(value);
  if (whole.length <= QUOTED_LENGTH + 2) return whole;
  let text = '';
  for (const char of value) {
    // by code point (never half of a surrogate pair), each as JSON writes it (\u0000 for a control character)
    const escaped = JSON.stringify(char).slice(1, -1);
    if (text.length + escaped.length > QUOTED_LENGTH) break;
    text += escaped;
  }
  return `"${text}"… (${Array.from(value).length} characters)`;
}

/** csv-parse's message with the value it quotes (`value is "…"`) cut as quoted cuts it. */
export function quotedInMessage(message: string): string {
  return message.replace(/(value is )("(?:[^"\\]|\\.)*")/g, (whole, prefix: string, json: string) => {
    try {
      return prefix + quoted(JSON.parse(json) as string);
    } catch {
      return whole;
    }
  });
}
