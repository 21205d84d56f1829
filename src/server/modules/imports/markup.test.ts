import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseXfields } from './dle-import.ts';
import { dleToHtml, dleToText, firstImage } from './dle-markup.ts';
import { uploadPath } from './import-context.ts';
import { wpToHtml } from './wp-markup.ts';

/** Media ids for the pictures a test says exist. */
const library =
  (known: Record<string, number>) =>
  async (src: string): Promise<number | null> =>
    known[src] ?? null;

describe('DLE markup', () => {
  test('image groups become figures with the media id; a missing file is listed, not kept', async () => {
    const r = await dleToHtml(
      'Текст<br /><br /><!--dle_image_begin:/uploads/a.jpg|--><img src="/uploads/a.jpg" alt="Площа" /><!--dle_image_end--><br /><br /><!--TBegin:/uploads/b.jpg|left--><a href="/uploads/b.jpg"><img src="/uploads/thumbs/b.jpg" alt="" /></a><!--TEnd-->',
      library({ '/uploads/a.jpg': 7 }),
    );
    assert.match(r.html, /<figure data-media-id="7"><img src="\/uploads\/a\.jpg" alt="Площа"><\/figure>/);
    assert.deepEqual(r.missingImages, ['/uploads/b.jpg']);
    assert.doesNotMatch(r.html, /thumbs|TBegin|dle_image/);
  });

  test('links unwrapped from go.php and BB codes; hidden passages left out; br runs to paragraphs', async () => {
    const go = Buffer.from('https://example.org/a?b=1').toString('base64');
    const r = await dleToHtml(
      `Перший<br /><br />Другий [url=/engine/go.php?url=${go}]тут[/url] і <a href="/engine/go.php?url=${go}" target="_blank">там</a>[hide]секрет[/hide]<br />рядок`,
      library({}),
    );
    assert.equal(r.hidden, 1);
    assert.doesNotMatch(r.html, /секрет|go\.php|target=/);
    assert.match(r.html, /^<p>Перший<\/p>\n<p>Другий <a href="https:\/\/example\.org\/a\?b=1">тут<\/a>/);
    assert.match(r.html, /<br \/>рядок<\/p>$/);
  });

  test('a go.php address that is not a web address stays as it was', async () => {
    const r = await dleToHtml('<a href="/engine/go.php?url=amF2YXNjcmlwdDphbGVydCgxKQ==">x</a>', library({}));
    assert.doesNotMatch(r.html, /javascript:/);
  });

  test('text of a teaser, its first picture, and extra fields', () => {
    assert.equal(
      dleToText('Нова&nbsp;<b>амбулаторія</b><br />[hide]x[/hide] &laquo;тут&raquo;'),
      'Нова амбулаторія «тут»',
    );
    assert.deepEqual(firstImage('a <img src="/uploads/p.jpg" alt="П"> b'), {
      src: '/uploads/p.jpg',
      alt: 'П',
    });
    assert.equal(firstImage('без картинки'), null);
    assert.deepEqual(parseXfields('source|Рада||photo|Знімок &#124; архів||broken||blank| '), {
      source: 'Рада',
      photo: 'Знімок | архів',
    });
  });
});

describe('WordPress content', () => {
  test('block comments dropped, picture blocks to figures with captions, classic blank lines to paragraphs', async () => {
    const r = await wpToHtml(
      '<!-- wp:paragraph -->\n<p>Перший.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:image {"id":3} -->\n<figure class="wp-block-image"><img src="https://old.example/wp-content/uploads/x.jpg" alt="Ікс"/><figcaption>Підпис</figcaption></figure>\n<!-- /wp:image -->\n\nКласичний абзац\nз переносом.',
      library({ 'https://old.example/wp-content/uploads/x.jpg': 4 }),
    );
    assert.doesNotMatch(r.html, /wp:/);
    assert.match(
      r.html,
      /<figure data-media-id="4"><img data-media-id="4" [^>]*><figcaption>Підпис<\/figcaption><\/figure>/,
    );
    assert.match(r.html, /<p>Класичний абзац<br>з переносом\.<\/p>/);
  });

  test('captions, galleries, embeds and missing pictures', async () => {
    const r = await wpToHtml(
      '[caption id="a" align="alignnone"]<img src="/wp-content/uploads/c.jpg" alt="" /> Підпис фото[/caption]\n\n[gallery ids="1,2"]\n\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=abc\n</div></figure>',
      library({}),
    );
    assert.deepEqual(r.missingImages, ['/wp-content/uploads/c.jpg']);
    assert.match(r.html, /<p>Підпис фото<\/p>/);
    assert.doesNotMatch(r.html, /gallery/);
    assert.match(r.html, /<a href="https:\/\/www\.youtube\.com\/watch\?v=abc">/);
  });
});

describe('the uploads folder', () => {
  test('an old address names a file inside the folder, never outside it', () => {
    const root = path.resolve('/srv/old/uploads');
    assert.equal(
      uploadPath(root, 'http://old.example/uploads/posts/2019/a.jpg'),
      path.join(root, 'posts/2019/a.jpg'),
    );
    assert.equal(
      uploadPath(root, '/wp-content/uploads/2024/06/%D0%B0.jpg'),
      path.join(root, '2024/06/а.jpg'),
    );
    assert.equal(uploadPath(root, '/uploads/../../etc/passwd'), null);
    assert.equal(uploadPath(root, '/uploads/%2e%2e/%2e%2e/etc/passwd'), null);
    assert.equal(uploadPath(root, '/uploads/%E0%A4%A'), null, 'a broken escape');
    assert.equal(uploadPath(root, 'https://elsewhere.example/pic.jpg'), null, 'not from the uploads folder');
    assert.equal(uploadPath(undefined, '/uploads/a.jpg'), null, 'no folder given');
  });
});
