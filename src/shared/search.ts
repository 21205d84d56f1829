/**
 * Text folded for case-insensitive search in any script: lowercase (Unicode, not just
 * ASCII, so it behaves the same on SQLite and PostgreSQL whatever their locale),
 * typographic apostrophes unified, whitespace collapsed.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’ʼ`]/g, "'")
    .replace(/ё/g, 'е')
    .replace(/\s+/g, ' ')
    .trim();
}
