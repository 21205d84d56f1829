/**
 * The small Markdown subset the demo's static pages are written in (demo/pages/*.md):
 *   # Title                  first line: the page title (not part of the body)
 *   ## Heading               a subheading
 *   - item                   consecutive lines form one list
 *   other lines              a paragraph; a blank line ends it
 *   **bold**, `code`, [text](https://…)   inline
 * Text is HTML-escaped; no raw HTML passes. A full Markdown library would be more than this
 * needs, and its output would have to be sanitised again.
 */
import { escapeHtml } from './text.ts';

function inline(s: string): string {
  return escapeHtml(s)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\[([^\]]+)\]\((https:\/\/[^)\s"]+)\)/g, '<a href="$2">$1</a>');
}

export interface MarkdownPage {
  readonly title: string;
  readonly html: string;
}

/** Renders a page; the HTML has one block element per line. */
export function renderMarkdownPage(md: string, where: string): MarkdownPage {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.shift() ?? '';
  if (!first.startsWith('# ')) throw new Error(`${where}: the first line must be "# Title"`);
  const out: string[] = [];
  let para: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (para.length > 0) out.push(`<p>${inline(para.join(' '))}</p>`);
    if (list.length > 0) out.push(`<ul>${list.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`);
    para = [];
    list = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      flush();
    } else if (line.startsWith('## ')) {
      flush();
      out.push(`<h2>${inline(line.slice(3))}</h2>`);
    } else if (line.startsWith('- ')) {
      if (para.length > 0) flush();
      list.push(line.slice(2));
    } else {
      if (list.length > 0) flush();
      para.push(line);
    }
  }
  flush();
  if (out.length === 0) throw new Error(`${where}: the page has no body`);
  return { title: first.slice(2).trim(), html: out.join('\n') };
}
