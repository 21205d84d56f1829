/**
 * XML text for feeds and sitemaps, written by hand because every document here is a flat list
 * of the same few elements and must stream row by row (a DOM builder would hold it all).
 */

/**
 * Characters XML 1.0 forbids anywhere (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone
 * surrogates). A stray one pasted into a headline would make the whole feed unparseable, so
 * they are dropped rather than escaped (escaping them is not allowed either).
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const SPECIAL = /[&<>"']/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for element content and for attribute values in either quote style. */
export function xmlEscape(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(SPECIAL, (c) => ENTITIES[c]!);
}

/** `<name>text</name>` with the text escaped. */
export function element(name: string, text: string): string {
  return `<${name}>${xmlEscape(text)}</${name}>`;
}

/** An empty element with escaped attributes; attributes whose value is null are left out. */
export function emptyElement(name: string, attrs: Record<string, string | number | null>): string {
  let out = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null) out += ` ${key}="${xmlEscape(String(value))}"`;
  }
  return `${out}/>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
