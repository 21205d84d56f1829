import { EditorContent, useEditor } from '@tiptap/react';
import { type FocusEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { contentExtensions, embedFor } from '../../shared/content/extensions.ts';
import type { ContentDocument } from '../../shared/content/types.ts';
import { t } from '../i18n.ts';

export interface RichTextProps {
  value: ContentDocument | null;
  onChange: (doc: ContentDocument) => void;
  editable: boolean;
  /** Opens the media library; resolves with the picked image, or null. */
  pickImage?: () => Promise<{ id: number; alt: string } | null>;
  /** Called with the editor's DOM once it exists (the translation view aligns paragraphs with it). */
  onDom?: (el: HTMLElement | null) => void;
}

const EMPTY: ContentDocument = { type: 'doc', content: [{ type: 'paragraph' }] };

/** Drawn, not emoji: the desk looks the same whatever fonts the computer has. */
const LINK_ICON = (
  <svg
    aria-hidden="true"
    width="16"
    height="16"
    viewBox="0 0 16 16"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.6"
  >
    <path d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.5 2.5 0 013.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 01-3.5-3.5L5.5 8" />
  </svg>
);
const IMAGE_ICON = (
  <svg
    aria-hidden="true"
    width="16"
    height="16"
    viewBox="0 0 16 16"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.4"
  >
    <rect x="1.5" y="2.5" width="13" height="11" rx="1" />
    <path d="M2 12l4-4 3 3 2-2 3 3" />
    <circle cx="11" cy="5.5" r="1.2" />
  </svg>
);

/**
 * The story text: a TipTap editor on the content schema (src/shared/content), so what it
 * writes is what the server stores. Pasting the address of a YouTube video or a post of X,
 * Telegram, Facebook or Instagram inserts it as an embed.
 */
/** A document as text with its keys in order: the server and the editor write keys in different orders. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function RichText(props: RichTextProps) {
  const d = t.desk;
  const last = useRef(canonical(props.value ?? EMPTY));
  // The toolbar's one Tab stop: the tool used last (the first at the start).
  const [current, setCurrent] = useState<string>(d.bold);
  const editor = useEditor({
    extensions: contentExtensions,
    content: props.value ?? EMPTY,
    editable: props.editable,
    editorProps: {
      attributes: { 'aria-label': d.body, role: 'textbox', 'aria-multiline': 'true', class: 'prose' },
      handlePaste(_view, event) {
        const text = event.clipboardData?.getData('text/plain')?.trim() ?? '';
        const embed = /^https?:\/\/\S+$/.test(text) ? embedFor(text) : null;
        if (!embed || !editor) return false;
        editor.chain().focus().insertContent(embed).run();
        return true;
      },
    },
    onUpdate: ({ editor }) => {
      // Only what the person changed: re-reading the same document is no change.
      const doc = editor.getJSON() as ContentDocument;
      const json = canonical(doc);
      if (json === last.current) return;
      last.current = json;
      props.onChange(doc);
    },
  });

  useEffect(() => {
    editor?.setEditable(props.editable);
  }, [editor, props.editable]);

  useEffect(() => {
    props.onDom?.((editor?.view.dom as HTMLElement | undefined) ?? null);
  }, [editor, props.onDom]);

  if (!editor) return null;
  // The symbol is what the eye sees; the word is what assistive technology reads (and what shows on hover).
  const button = (label: string, active: boolean, run: () => void, text: ReactNode) => (
    <button
      type="button"
      className="tool"
      tabIndex={label === current ? 0 : -1}
      aria-pressed={active}
      disabled={!props.editable}
      onClick={run}
      title={label}
    >
      <span aria-hidden="true">{text}</span>
      <span className="sr-only">{label}</span>
    </button>
  );
  const chain = () => editor.chain().focus();
  // One Tab stop for the whole toolbar (the WAI-ARIA toolbar pattern): arrows, Home and End
  // move along it, Tab leaves it for the text.
  const tools = () =>
    Array.from(document.activeElement?.closest('[role="toolbar"]')?.querySelectorAll('button') ?? []);
  const roam = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = tools().filter((b) => !b.disabled);
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const to =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? list[(at + 1) % list.length]
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? list[(at - 1 + list.length) % list.length]
          : e.key === 'Home'
            ? list[0]
            : e.key === 'End'
              ? list[list.length - 1]
              : undefined;
    if (!to) return;
    e.preventDefault();
    to.focus();
  };
  const remember = (e: FocusEvent<HTMLDivElement>) => {
    const name = e.target.getAttribute('title');
    if (name && name !== current) setCurrent(name);
  };
  return (
    <div className="rich-text">
      <div role="toolbar" aria-label={d.toolbar} className="toolbar" onKeyDown={roam} onFocus={remember}>
        {button(d.bold, editor.isActive('bold'), () => chain().toggleBold().run(), 'Ж')}
        {button(d.italic, editor.isActive('italic'), () => chain().toggleItalic().run(), 'К')}
        {button(
          d.link,
          editor.isActive('link'),
          () => {
            const href = window.prompt(
              d.linkPrompt,
              (editor.getAttributes('link').href as string | undefined) ?? 'https://',
            );
            if (href === null) return;
            if (href.trim() === '') chain().unsetLink().run();
            else chain().extendMarkRange('link').setLink({ href: href.trim() }).run();
          },
          LINK_ICON,
        )}
        {button(
          d.heading2,
          editor.isActive('heading', { level: 2 }),
          () => chain().toggleHeading({ level: 2 }).run(),
          'H2',
        )}
        {button(
          d.heading3,
          editor.isActive('heading', { level: 3 }),
          () => chain().toggleHeading({ level: 3 }).run(),
          'H3',
        )}
        {button(d.bulletList, editor.isActive('bulletList'), () => chain().toggleBulletList().run(), '•')}
        {button(d.orderedList, editor.isActive('orderedList'), () => chain().toggleOrderedList().run(), '1.')}
        {button(d.quote, editor.isActive('blockquote'), () => chain().toggleBlockquote().run(), '❝')}
        {button(d.rule, false, () => chain().setHorizontalRule().run(), '—')}
        {props.pickImage
          ? button(
              d.image,
              false,
              () => {
                void props.pickImage?.().then((img) => {
                  if (!img) return;
                  const alt = window.prompt(t.desk.heroAlt, img.alt) ?? '';
                  chain()
                    .insertContent({ type: 'image', attrs: { mediaId: img.id, alt } })
                    .run();
                });
              },
              IMAGE_ICON,
            )
          : null}
        {button(
          d.embed,
          false,
          () => {
            const url = window.prompt(d.embedPrompt);
            if (!url) return;
            const embed = embedFor(url.trim());
            if (embed) chain().insertContent(embed).run();
            else window.alert(d.embedUnknown);
          },
          '▶',
        )}
        {button(d.undo, false, () => chain().undo().run(), '↶')}
        {button(d.redo, false, () => chain().redo().run(), '↷')}
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
