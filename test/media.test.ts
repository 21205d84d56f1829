import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { testImage } from './factories.ts';
import { actor, auth, dialects, openSite, type TestSite } from './harness.ts';

/**
 * The media library: the original is stored on upload; every width × format and every crop
 * is made on first request, once however many ask at the same time, and kept.
 */
for (const d of dialects()) {
  describe(`media library [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    before(async () => {
      site = await openSite(d.name);
    });
    after(() => site.dispose());

    const get = (url: string) => site.app.inject({ method: 'GET', url });

    test('variants are made on first request in AVIF, WebP and JPEG, each at its width', async () => {
      const item = await site.services.media.add(actor, await testImage(1000, 500), { credit: 'Фото' });
      assert.deepEqual(item.widths, [480, 800]);
      const dir = path.join(site.dataDir, 'media', String(item.id));
      assert.deepEqual(fs.readdirSync(dir), ['original'], 'nothing is encoded before anyone asks');
      for (const [file, type, format] of [
        ['800.avif', 'image/avif', 'heif'],
        ['480.webp', 'image/webp', 'webp'],
        ['800.jpg', 'image/jpeg', 'jpeg'],
      ] as const) {
        const res = await get(`/media/${item.id}/${file}`);
        assert.equal(res.statusCode, 200, file);
        assert.equal(res.headers['content-type'], type);
        assert.match(String(res.headers['cache-control']), /immutable/);
        const meta = await sharp(res.rawPayload).metadata();
        assert.equal(meta.format, format);
        assert.equal(meta.width, Number(file.split('.')[0]));
      }
      assert.deepEqual(fs.readdirSync(dir).sort(), ['480.webp', '800.avif', '800.jpg', 'original']);
      for (const bad of ['1600.jpg', '800.png', '..%2Foriginal', 'original', 'crop-2x1.jpg']) {
        assert.equal((await get(`/media/${item.id}/${bad}`)).statusCode, 404, bad);
      }
      assert.equal((await get('/media/999999/800.jpg')).statusCode, 404);
    });

    test('24 simultaneous first requests for one crop: all served, one file made, no temporary left', async () => {
      const item = await site.services.media.add(actor, await testImage(1600, 900));
      const results = await Promise.all(
        Array.from({ length: 24 }, () => get(`/media/${item.id}/crop-16x9.jpg`)),
      );
      assert.deepEqual(new Set(results.map((r) => r.statusCode)), new Set([200]));
      const bodies = new Set(results.map((r) => r.rawPayload.toString('base64')));
      assert.equal(bodies.size, 1, 'everyone got the same bytes');
      const meta = await sharp(results[0]!.rawPayload).metadata();
      assert.deepEqual([meta.width, meta.height], [1200, 675]);
      const files = fs.readdirSync(path.join(site.dataDir, 'media', String(item.id)));
      assert.deepEqual(files.sort(), ['crop-16x9.jpg', 'original']);
    });

    test('an upload that fails leaves no row and no files; images past the pixel budget are refused', async () => {
      const count = async () =>
        Number(
          (
            await site.db
              .selectFrom('media')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const bad = await site.app.inject({
        method: 'POST',
        url: '/api/admin/media',
        headers: { ...auth, 'content-type': 'image/png' },
        payload: Buffer.from('not an image at all'),
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'MEDIA_UNREADABLE');
      // 7 000 × 7 000 = 49 megapixels, over the 40 MP budget; cheap to make as a flat PNG.
      const huge = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#888' } })
        .png({ compressionLevel: 1 })
        .toBuffer();
      const refused = await site.app.inject({
        method: 'POST',
        url: '/api/admin/media',
        headers: { ...auth, 'content-type': 'image/png' },
        payload: huge,
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.json().error.message, /7000 × 7000 pixels/);
      assert.equal(await count(), before);
      const leftovers = fs
        .readdirSync(path.join(site.dataDir, 'media'))
        .filter((f) => f.startsWith('.incoming'));
      assert.deepEqual(leftovers, []);
    });
  });
}
