/**
 * A tiny server-side JSX runtime: elements render straight to strings, text is escaped
 * by default, and only values wrapped in {@link Html} (built by this runtime or by
 * {@link raw}) pass through unescaped. See docs/adr/0001-jsx-renderer.md.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Child = Html | string | number | boolean | null | undefined | Child[];

type Props = Record<string, unknown> & { children?: Child };
export type Component<P> = (props: P) => Html;

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

const ESCAPE_RE = /[&<>"']/;
const ESCAPE_RE_G = /[&<>"']/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  // Most strings need no escaping; the test is far cheaper than the replace.
  return ESCAPE_RE.test(s) ? s.replace(ESCAPE_RE_G, (c) => ESCAPES[c]!) : s;
}

/** Marks trusted, already-sanitised HTML (stored article bodies, JSON-LD). */
export function raw(html: string): Html {
  return new Html(html);
}

function renderChild(child: Child, out: string[]): void {
  if (child === null || child === undefined || child === false || child === true) return;
  if (child instanceof Html) out.push(child.value);
  else if (typeof child === 'string') out.push(escapeHtml(child));
  else if (typeof child === 'number') out.push(String(child));
  else if (Array.isArray(child)) for (const c of child) renderChild(c, out);
}

export function h(
  tag: string | Component<Props>,
  props: Record<string, unknown> | null,
  ...children: Child[]
): Html {
  if (typeof tag === 'function') {
    const p: Props = { ...(props ?? {}) };
    if (children.length) p.children = children.length === 1 ? children[0] : children;
    return tag(p);
  }
  const out: string[] = ['<', tag];
  let inner: string | null = null;
  if (props) {
    for (const key in props) {
      const v = props[key];
      if (v === null || v === undefined || v === false) continue;
      if (key === 'dangerouslySetInnerHTML') {
        inner = (v as { __html: string }).__html;
        continue;
      }
      if (key === 'children') continue;
      if (v === true) out.push(' ', key);
      else out.push(' ', key, '="', escapeHtml(String(v)), '"');
    }
  }
  out.push('>');
  if (VOID.has(tag)) return new Html(out.join(''));
  if (inner !== null) out.push(inner);
  for (const c of children) renderChild(c, out);
  out.push('</', tag, '>');
  return new Html(out.join(''));
}

export function Fragment(props: { children?: Child }): Html {
  const out: string[] = [];
  renderChild(props.children, out);
  return new Html(out.join(''));
}

declare global {
  namespace JSX {
    type Element = Html;
    interface ElementChildrenAttribute {
      children: unknown;
    }
    interface IntrinsicElements {
      [tag: string]: Record<string, unknown>;
    }
  }
}
