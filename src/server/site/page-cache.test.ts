import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import zlib from 'node:zlib';
import { PageCache, type RenderedPage } from './page-cache.ts';

const page = (html: string, tags: string[], extra: Partial<RenderedPage> = {}): RenderedPage => ({
  status: 200,
  html,
  tags,
  ...extra,
});

describe('page cache', () => {
  test('stores pre-compressed bodies that decompress to the page', async () => {
    const cache = new PageCache({ maxEntries: 10 });
    const html = `<p>${'Привіт, світе! '.repeat(200)}</p>`;
    const e = await cache.getOrRender('/a', async () => page(html, ['x']));
    assert.equal(zlib.brotliDecompressSync(e.br).toString(), html);
    assert.equal(zlib.gunzipSync(e.gzip).toString(), html);
    assert.ok(e.br.length < e.identity.length / 5);
    assert.equal(e.headers.br['content-length'], String(e.br.length));
    assert.match(e.etag, /^W\/"[\w-]+"$/);
  });

  test('purge drops exactly the pages carrying the tags', async () => {
    const cache = new PageCache({ maxEntries: 10 });
    await cache.getOrRender('/a', async () => page('a', ['article:1', 'latest:uk']));
    await cache.getOrRender('/b', async () => page('b', ['article:2', 'latest:uk']));
    await cache.getOrRender('/ru/c', async () => page('c', ['article:3', 'latest:ru']));
    assert.equal(cache.purge(['article:1']), 1);
    assert.equal(cache.peek('/a'), undefined);
    assert.ok(cache.peek('/b'));
    assert.equal(cache.purge(['latest:uk']), 1);
    assert.ok(cache.peek('/ru/c'));
    assert.equal(cache.purge(['all']), 1);
    assert.equal(cache.size, 0);
  });

  test('single flight: concurrent misses render once', async () => {
    const cache = new PageCache({ maxEntries: 10 });
    let renders = 0;
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const render = async () => {
      renders++;
      await held;
      return page('x', []);
    };
    const pending = Array.from({ length: 50 }, () => cache.getOrRender('/k', render));
    // Every request has arrived while the first render is still running.
    release();
    const entries = await Promise.all(pending);
    assert.equal(renders, 1);
    assert.ok(entries.every((e) => e === entries[0]));
  });

  test('a render overlapping a purge is served but not stored', async () => {
    const cache = new PageCache({ maxEntries: 10 });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const pending = cache.getOrRender('/slow', async () => {
      await gate;
      return page('stale', ['article:9']);
    });
    cache.purge(['article:9']);
    release();
    const e = await pending;
    assert.equal(e.identity.toString(), 'stale');
    assert.equal(cache.peek('/slow'), undefined);
  });

  test('expired pages are rendered again; errors and non-200 pages are not stored', async () => {
    const cache = new PageCache({ maxEntries: 10 });
    await cache.getOrRender('/e', async () => page('old', [], { expiresAt: Date.now() - 1 }));
    assert.equal(cache.peek('/e'), undefined);
    await cache.getOrRender('/nf', async () => page('nf', [], { status: 404 }));
    assert.equal(cache.peek('/nf'), undefined);
    await assert.rejects(
      cache.getOrRender('/boom', async () => {
        throw new Error('boom');
      }),
    );
    const ok = await cache.getOrRender('/boom', async () => page('fine', []));
    assert.equal(ok.identity.toString(), 'fine');
  });

  test('bounded: the oldest entry leaves first', async () => {
    const cache = new PageCache({ maxEntries: 2 });
    await cache.getOrRender('/1', async () => page('1', ['t']));
    await cache.getOrRender('/2', async () => page('2', ['t']));
    await cache.getOrRender('/3', async () => page('3', ['t']));
    assert.equal(cache.size, 2);
    assert.equal(cache.peek('/1'), undefined);
    assert.equal(cache.purge(['t']), 2);
  });

  test('continuation pages live apart: no number of them pushes the main pages out', async () => {
    const cache = new PageCache({ maxEntries: 3, maxSideEntries: 5 });
    for (const k of ['/', '/latest', '/news/1'])
      await cache.getOrRender(k, async () => page(k, ['latest:uk']));
    for (let i = 0; i < 200; i++) {
      await cache.getOrRender(`/latest?before=${i}`, async () => page(`more ${i}`, ['latest:uk']), {
        side: true,
      });
    }
    for (const k of ['/', '/latest', '/news/1']) assert.ok(cache.peek(k), `${k} still cached`);
    assert.equal(cache.sideSize, 5);
    assert.ok(cache.peek('/latest?before=199'));
    assert.equal(cache.peek('/latest?before=0'), undefined);
    // A purge reaches both.
    assert.equal(cache.purge(['latest:uk']), 8);
    assert.equal(cache.size, 0);
  });

  test('a miss is compressed fast; a main page asked for again is recompressed at the best level', async () => {
    const cache = new PageCache({ maxEntries: 10 });
    const html = `<main>${Array.from({ length: 400 }, (_, i) => `<p>Абзац ${i}: новини дня, що ${i % 7} рази повторюються.</p>`).join('')}</main>`;
    const e = await cache.getOrRender('/hot', async () => page(html, []));
    assert.equal(e.compression, 'fast');
    const fastSize = e.br.length;
    const side = await cache.getOrRender('/hot?before=1', async () => page(html, []), { side: true });
    cache.peek('/hot');
    cache.peek('/hot?before=1');
    await cache.idle();
    assert.equal(e.compression, 'best');
    assert.ok(e.br.length <= fastSize, `${e.br.length} ≤ ${fastSize}`);
    assert.equal(zlib.brotliDecompressSync(e.br).toString(), html);
    assert.equal(zlib.gunzipSync(e.gzip).toString(), html);
    assert.equal(e.headers.br['content-length'], String(e.br.length));
    assert.equal(side.compression, 'fast', 'continuation pages are not recompressed');
    assert.equal(cache.stats.recompressed, 1);
  });

  test('the best level is brotli 11 for a page and 9 for a body larger than a page (11 grows far faster)', async () => {
    const cache = new PageCache({ maxEntries: 10 });
    const brotli = (s: string, quality: number) =>
      zlib.brotliCompressSync(Buffer.from(s), {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(s),
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        },
      });
    const small = `<main>${Array.from({ length: 300 }, (_, i) => `<p>Новина ${i} про ${i % 13} події.</p>`).join('')}</main>`;
    const big = `<urlset>${Array.from({ length: 4000 }, (_, i) => `<url><loc>https://news.example.org/news/${i}-novyna-${i % 97}</loc></url>`).join('')}</urlset>`;
    assert.ok(Buffer.byteLength(small) < 128 * 1024 && Buffer.byteLength(big) > 128 * 1024);
    const a = await cache.getOrRender('/small', async () => page(small, []));
    const b = await cache.getOrRender('/big', async () => page(big, []));
    cache.peek('/small');
    cache.peek('/big');
    await cache.idle();
    assert.deepEqual([a.compression, b.compression], ['best', 'best']);
    assert.ok(a.br.equals(brotli(small, 11)), 'a page: 11');
    assert.ok(b.br.equals(brotli(big, 9)), 'a large body: 9');
  });

  test('stale if error: an expired page is served while renders fail for a passing reason, within the grace', async () => {
    const down = new Error('down');
    const cache = new PageCache({
      maxEntries: 10,
      staleIfErrorMs: 3_600_000,
      isTransient: (e) => e === down,
    });
    const failing = async (): Promise<RenderedPage> => {
      calls++;
      throw down;
    };
    let calls = 0;
    await cache.getOrRender('/s', async () => page('good', ['article:1'], { expiresAt: Date.now() - 1 }));
    assert.equal(cache.peek('/s'), undefined, 'past its freshness');
    assert.equal((await cache.getOrRender('/s', failing)).identity.toString(), 'good');
    assert.equal((await cache.getOrRender('/s', failing)).identity.toString(), 'good');
    assert.equal(calls, 1, 'after a failure the stale page is served without asking again at once');
    assert.equal(cache.stats.staleServed, 2);
    assert.match(
      String((await cache.getOrRender('/h', async () => page('h', []))).headers.identity['cache-control']),
      /stale-if-error=3600/,
    );

    // A bug is not an outage: it is not hidden behind an old page.
    await cache.getOrRender('/b', async () => page('b', [], { expiresAt: Date.now() - 1 }));
    cache.peek('/b');
    await assert.rejects(
      cache.getOrRender('/b', async () => {
        throw new Error('bug');
      }),
      /bug/,
    );
    // Past the grace: an error, not a page from long ago.
    await cache.getOrRender('/old', async () => page('old', [], { expiresAt: Date.now() - 2 * 3_600_000 }));
    cache.peek('/old');
    await assert.rejects(cache.getOrRender('/old', failing), /down/);
    // A story that changed (retracted, corrected) is not served stale.
    cache.purge(['article:1']);
    await assert.rejects(cache.getOrRender('/s', failing), /down/);
    // A render that works again replaces the stale page.
    await cache.getOrRender('/b', async () => page('b', [], { expiresAt: Date.now() - 1 }));
    cache.peek('/b');
    assert.equal((await cache.getOrRender('/b', async () => page('b2', []))).identity.toString(), 'b2');
    assert.equal(
      cache.staleOnError('/b', down)?.identity.toString(),
      'b2',
      'the fresh page, when one is there',
    );
  });
});
