/**
 * The inline content of one paragraph or heading while HTML is read: marks as a browser nests
 * them, whitespace collapsed as a browser lays out inline text.
 */
import { type InlineNode, MARK_ORDER, type Mark } from '../../shared/content/index.ts';

/** Text or a line break as read, before whitespace is collapsed. */
export type RawInline = { kind: 'text'; text: string; marks: Mark[] } | { kind: 'br'; marks: Mark[] };

const rank = (m: Mark): number => MARK_ORDER.indexOf(m.type);

/** Same type and, for links, the same target and title. */
export function sameMark(a: Mark, b: Mark): boolean {
  if (a.type !== b.type) return false;
  if (a.type !== 'link' || b.type !== 'link') return true;
  return a.attrs.href === b.attrs.href && a.attrs.title === b.attrs.title;
}

function sameMarks(a: readonly Mark[], b: readonly Mark[]): boolean {
  return a.length === b.length && a.every((m, i) => sameMark(m, b[i]!));
}

/**
 * The marks inside an element that adds `mark` to `outer` (kept in rank order). A link inside a
 * link replaces it, as the inner anchor is the one a click follows. TipTap's code mark excludes
 * every other mark; we keep the other marks (a link or emphasis carries meaning, monospace does
 * not), so code is applied only where it stands alone.
 */
export function addMark(outer: readonly Mark[], mark: Mark): Mark[] {
  if (mark.type === 'code') return outer.length === 0 ? [mark] : [...outer];
  const out = outer.filter((m) => m.type !== 'code');
  const same = out.findIndex((m) => m.type === mark.type);
  if (same >= 0) {
    if (mark.type === 'link') out[same] = mark;
    return out;
  }
  out.push(mark);
  return out.sort((a, b) => rank(a) - rank(b));
}

// The whitespace a browser collapses in normal text: not NBSP or other Unicode spaces.
const COLLAPSIBLE = /[ \t\n\r\f]+/g;

function withMarks<T extends InlineNode>(node: T, marks: Mark[]): T {
  return marks.length > 0 ? { ...node, marks: marks.map((m) => ({ ...m })) } : node;
}

/**
 * Inline nodes of a run: runs of ASCII whitespace become one space; a space at the start of the
 * block, after a space or around a line break disappears; neighbours with equal marks merge.
 */
export function collapseInline(items: readonly RawInline[]): InlineNode[] {
  const parts: { text: string | null; marks: Mark[] }[] = [];
  let afterSpace = true; // the block start behaves like a preceding space
  const trimLast = () => {
    const last = parts[parts.length - 1];
    if (last?.text?.endsWith(' ')) {
      last.text = last.text.slice(0, -1);
      if (last.text === '') parts.pop();
    }
  };
  for (const it of items) {
    if (it.kind === 'br') {
      trimLast();
      parts.push({ text: null, marks: it.marks });
      afterSpace = true;
      continue;
    }
    let t = it.text.replace(COLLAPSIBLE, ' ');
    if (afterSpace && t.startsWith(' ')) t = t.slice(1);
    if (t === '') continue;
    afterSpace = t.endsWith(' ');
    const last = parts[parts.length - 1];
    if (last && last.text !== null && sameMarks(last.marks, it.marks)) last.text += t;
    else parts.push({ text: t, marks: it.marks });
  }
  trimLast();
  return parts.map((p) =>
    p.text === null
      ? withMarks({ type: 'hardBreak' }, p.marks)
      : withMarks({ type: 'text', text: p.text }, p.marks),
  );
}
