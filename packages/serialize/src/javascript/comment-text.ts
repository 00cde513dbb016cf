/**
 * Text from a model (column names, categories, class labels: cells of someone's CSV) as it may
 * stand inside a comment of generated source. A line break (\n, \r, U+2028, U+2029: each ends a
 * `//` comment in JavaScript) is written as its escape, and a star followed by a slash (which ends
 * a block or JSDoc comment) as a star, a backslash and the slash, so that no name can end the
 * comment it stands in and become code.
 */
export function commentText(text: string): string {
  return text
    .replace(/[\n\r\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\*\//g, '*\\/');
}
