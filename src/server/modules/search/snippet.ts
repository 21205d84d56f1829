/**
 * A passage of a story's text around the first word that answers a query, for search
 * results whose lead does not show why the story was found: from the start of that word's
 * sentence (or a little before the word, in a long one), about `length` characters, cut at
 * word boundaries, with an ellipsis where the text goes on.
 */
const WORD = /[\p{L}\p{N}]+(?:['’ʼ][\p{L}]+)*/gu;

export function snippet(text: string, matches: (word: string) => boolean, length = 240): string | null {
  let at = -1;
  for (const m of text.matchAll(WORD)) {
    if (matches(m[0])) {
      at = m.index;
      break;
    }
  }
  if (at < 0) return null;
  // The sentence's start, unless it is far before the word.
  const before = text.slice(Math.max(0, at - length / 2), at);
  const stop = Math.max(
    before.lastIndexOf('. '),
    before.lastIndexOf('! '),
    before.lastIndexOf('? '),
    before.lastIndexOf('\n'),
  );
  let start = at - before.length + (stop >= 0 ? stop + 2 : 0);
  if (stop < 0 && start > 0) {
    // In the middle of a sentence: begin at a word.
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < at ? space + 1 : at;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > at) end = space;
  }
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '… ' : ''}${body}${end < text.length ? ' …' : ''}`;
}
