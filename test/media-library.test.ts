import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { type CropRatio, cropUrl, type MediaItem } from '../src/server/modules/media/index.ts';
import { baseContent, makeStory, testImage } from './factories.ts';
import { actor, auth, dialects, openSite, type TestSite } from './harness.ts';

const ORIGIN = 'https://news.example.org';
const PASSWORD = 'бібліотека-зображень-редакції';

type Rgb = [number, number, number];
const RED: Rgb = [255, 0, 0];
const GREEN: Rgb = [0, 255, 0];
const BLUE: Rgb = [0, 0, 255];

/**
 * 1600 × 1200 (4:3): red top-left quadrant (x < 800, y < 600), green bottom-right quadrant,
 * blue elsewhere. Every crop's content can be worked out by hand from where it was cut.
 */
async function quadrants(): Promise<Buffer> {
  const block = (background: Rgb) =>
    sharp({
      create: {
        width: 800,
        height: 600,
        channels: 3,
        background: { r: background[0], g: background[1], b: background[2] },
      },
    })
      .png()
      .toBuffer();
  return sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 0, g: 0, b: 255 } } })
    .composite([
      { input: await block(RED), left: 0, top: 0 },
      { input: await block(GREEN), left: 800, top: 600 },
    ])
    .png()
    .toBuffer();
}

/** The colour at (x, y) of a JPEG, as the nearest of red, green and blue (JPEG is lossy). */
async function colourAt(jpeg: Buffer, x: number, y: number): Promise<'red' | 'green' | 'blue'> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  const px = [data[i]!, data[i + 1]!, data[i + 2]!];
  const dist = (c: Rgb) => c.reduce((s, v, k) => s + (v - px[k]!) ** 2, 0);
  const named = { red: RED, green: GREEN, blue: BLUE } as const;
  const [name, best] = (Object.entries(named) as ['red' | 'green' | 'blue', Rgb][])
    .map(([n, c]) => [n, dist(c)] as const)
    .sort((a, b) => a[1] - b[1])[0]!;
  assert.ok(best < 60 ** 2, `pixel (${x}, ${y}) is ${px.join(',')}, not clearly one colour`);
  return name;
}

/**
 * The desk's media library over the Admin API: listing a page at a time, changing credit and
 * focal point, and crops that keep the focal point in frame under names that never change.
 */
for (const d of dialects()) {
  describe(`media library for the desk [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    const cookies: Record<'contributor' | 'author', string> = { contributor: '', author: '' };

    before(async () => {
      site = await openSite(d.name);
      const system = systemPrincipal('test');
      for (const role of ['contributor', 'author'] as const) {
        await site.services.users.create(system, {
          email: `${role}@news.example.org`,
          name: role,
          role,
          password: PASSWORD,
        });
      }
      // Authors must use two-factor sign-in and this one has not set it up: until then the
      // account may do nothing but finish its profile (the only role-based refusal of media).
      await site.services.settings.update(system, { totpRequiredRoles: ['author'] });
      for (const role of ['contributor', 'author'] as const) {
        const res = await site.app.inject({
          method: 'POST',
          url: '/api/admin/session',
          headers: { origin: ORIGIN },
          payload: { email: `${role}@news.example.org`, password: PASSWORD },
        });
        assert.equal(res.statusCode, 200, res.body);
        cookies[role] = /shp_session=[^;]*/.exec(String(res.headers['set-cookie']))![0];
      }
    });
    after(() => site.dispose());

    const as = (
      who: 'contributor' | 'author' | 'nobody',
      method: 'GET' | 'PATCH',
      url: string,
      payload?: unknown,
    ) =>
      site.app.inject({
        method,
        url,
        headers: who === 'nobody' ? { origin: ORIGIN } : { cookie: cookies[who], origin: ORIGIN },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
    const get = (url: string) => site.app.inject({ method: 'GET', url });
    const patch = (id: number, body: unknown) => as('contributor', 'PATCH', `/api/admin/media/${id}`, body);

    test('the library is listed newest first, a page at a time, until the cursor runs out', async () => {
      for (let i = 0; i < 5; i++) {
        await site.services.media.add(actor, await testImage(40 + i, 30), { credit: `Фото ${i}` });
      }
      const all = (await site.services.media.ids()).reverse();
      assert.ok(all.length >= 5);
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await as(
          'contributor',
          'GET',
          `/api/admin/media?limit=2${cursor === null ? '' : `&before=${cursor}`}`,
        );
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json() as { items: MediaItem[]; nextCursor: string | null };
        assert.ok(page.items.length <= 2);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null && pages < 20);
      assert.deepEqual(seen, all, 'every item once, newest first');
      assert.equal(pages, Math.ceil(all.length / 2));

      const first = (await as('contributor', 'GET', '/api/admin/media?limit=1')).json();
      assert.deepEqual(Object.keys(first.items[0]).sort(), [
        'credit',
        'credits',
        'focalX',
        'focalY',
        'height',
        'id',
        'width',
        'widths',
      ]);
      assert.equal(first.items[0].credit, 'Фото 4');
      assert.deepEqual([first.items[0].focalX, first.items[0].focalY], [0.5, 0.5]);
      // An API key reads it too; the default page holds everything here.
      const byKey = await site.app.inject({ method: 'GET', url: '/api/admin/media', headers: auth });
      assert.deepEqual(
        byKey.json().items.map((i: MediaItem) => i.id),
        all,
      );
      assert.equal(byKey.json().nextCursor, null);

      for (const bad of [
        'limit=0',
        'limit=101',
        'limit=two',
        'before=abc',
        'before=0',
        'after=3',
        'limit=1&limit=2',
      ]) {
        const res = await as('contributor', 'GET', `/api/admin/media?${bad}`);
        assert.equal(res.statusCode, 400, bad);
        assert.equal(res.json().error.code, 'VALIDATION_FAILED', bad);
      }
    });

    test('a credit in another language: each page shows the credit in its language; empty removes, bad codes 400', async () => {
      const item = await site.services.media.add(actor, await testImage(480, 270), {
        credit: 'Фото: Олена Гай / ілюстрація',
        credits: { ru: 'Фото: Елена Гай / иллюстрация' },
      });
      assert.deepEqual(item.credits, { ru: 'Фото: Елена Гай / иллюстрация' });
      const { author } = await baseContent(site);
      const hero = { mediaId: item.id, alt: 'Ілюстрація' };
      const uk = await makeStory(site, author.id, { title: 'Підпис фото українською', heroImage: hero });
      const ru = await makeStory(site, author.id, {
        language: 'ru',
        title: 'Подпись фото по-русски',
        heroImage: hero,
        translationOf: uk.id,
      });
      const credit = async (url: string) =>
        /<span class="credit">([^<]*)<\/span>/.exec((await get(url)).body)?.[1]?.replace(/&#39;|&quot;/g, '');
      assert.equal(await credit(uk.url), 'Фото: Фото: Олена Гай / ілюстрація');
      assert.equal(await credit(ru.url), 'Фото: Фото: Елена Гай / иллюстрация');

      const changed = await patch(item.id, { credits: { ru: '  Фото: Е. Гай  ' } });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.deepEqual(changed.json().credits, { ru: 'Фото: Е. Гай' });
      assert.equal(await credit(ru.url), 'Фото: Фото: Е. Гай', 'the page shows the change');
      // Empty: the page falls back to the credit in the first language.
      assert.deepEqual((await patch(item.id, { credits: { ru: '' } })).json().credits, {});
      assert.equal(await credit(ru.url), 'Фото: Фото: Олена Гай / ілюстрація');
      for (const bad of [
        { credits: { russian: 'x' } },
        { credits: { ru: 5 } },
        { credits: ['x'] },
        { credits: { ru: 'x'.repeat(201) } },
      ]) {
        const r = await patch(item.id, bad);
        assert.equal(r.statusCode, 400, JSON.stringify(bad));
        assert.equal(r.json().error.code, 'VALIDATION_FAILED');
      }
    });

    test('credit and focal point are changed with an audit entry; bad values 400, unknown ids 404, no right 403', async () => {
      const item = await site.services.media.add(actor, await testImage(400, 300));
      const res = await patch(item.id, { credit: '  Фото: Ірина Коваль  ', focalX: 0.304, focalY: 0.7 });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), {
        ...item,
        credit: 'Фото: Ірина Коваль',
        // Kept to a whole percent: the precision of crop names.
        focalX: 0.3,
        focalY: 0.7,
      });
      assert.deepEqual((await as('contributor', 'GET', `/api/admin/media/${item.id}`)).json(), res.json());
      const audit = await site.app.inject({
        method: 'GET',
        url: `/api/admin/audit?action=MediaChanged&targetType=media&targetId=${item.id}`,
        headers: auth,
      });
      assert.equal(audit.json().entries.length, 1);
      assert.equal(audit.json().entries[0].actor.name, 'contributor');

      const onlyX = await patch(item.id, { focalX: 1 });
      assert.deepEqual(
        [onlyX.json().focalX, onlyX.json().focalY, onlyX.json().credit],
        [1, 0.7, 'Фото: Ірина Коваль'],
      );
      const same = await patch(item.id, {});
      assert.equal(same.statusCode, 200);
      assert.deepEqual(same.json(), onlyX.json());
      const entries = async () =>
        (
          await site.app.inject({
            method: 'GET',
            url: `/api/admin/audit?action=MediaChanged&targetId=${item.id}`,
            headers: auth,
          })
        ).json().entries.length;
      assert.equal(await entries(), 2, 'a change that changes nothing writes nothing');

      for (const bad of [
        { focalX: 1.01 },
        { focalX: -0.1 },
        { focalY: 'half' },
        { focalY: '0.5' },
        { focalX: null },
        { credit: 'x'.repeat(201) },
        { credit: 5 },
        { width: 10 },
      ]) {
        const r = await patch(item.id, bad);
        assert.equal(r.statusCode, 400, JSON.stringify(bad));
        assert.equal(r.json().error.code, 'VALIDATION_FAILED', JSON.stringify(bad));
      }
      assert.deepEqual((await as('contributor', 'GET', `/api/admin/media/${item.id}`)).json(), onlyX.json());

      const unknown = await patch(999_999, { credit: 'x' });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 'MEDIA_NOT_FOUND');
      assert.equal(
        (await as('contributor', 'PATCH', '/api/admin/media/abc', { credit: 'x' })).statusCode,
        400,
      );

      const refused = await as('author', 'PATCH', `/api/admin/media/${item.id}`, { credit: 'Чужий' });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'TOTP_SETUP_REQUIRED');
      assert.equal((await as('author', 'GET', '/api/admin/media')).statusCode, 403);
      // The refusal comes before the input is read: bad input from a refused account is still 403.
      assert.equal(
        (await as('author', 'PATCH', `/api/admin/media/${item.id}`, { focalX: 7 })).statusCode,
        403,
      );
      assert.equal(
        (await as('nobody', 'PATCH', `/api/admin/media/${item.id}`, { credit: 'x' })).statusCode,
        401,
      );
      assert.equal((await as('nobody', 'GET', '/api/admin/media')).statusCode, 401);
      assert.equal(
        (await as('contributor', 'GET', `/api/admin/media/${item.id}`)).json().credit,
        'Фото: Ірина Коваль',
      );
    });

    test('focal crops keep the focal point in frame and differ from the centre crop', async () => {
      const item = await site.services.media.add(actor, await quadrants());
      const crop = async (focalX: number, focalY: number, ratio: CropRatio) => {
        const changed: MediaItem = (await patch(item.id, { focalX, focalY })).json();
        const res = await get(cropUrl(changed, ratio));
        assert.equal(res.statusCode, 200, cropUrl(changed, ratio));
        assert.equal(res.headers['content-type'], 'image/jpeg');
        return res.rawPayload;
      };
      // Square crops of a 1600 × 1200 picture are 1200 × 1200 at full scale, cut at x = left.
      const topLeft = await crop(0.1, 0.1, '1x1'); // left = 0
      assert.deepEqual((await sharp(topLeft).metadata()).width, 1200);
      assert.equal(await colourAt(topLeft, 160, 120), 'red', 'the focal point, in the red quadrant');
      assert.equal(await colourAt(topLeft, 450, 300), 'red');
      const bottomRight = await crop(0.9, 0.9, '1x1'); // left = 400 (as far right as it goes)
      assert.equal(
        await colourAt(bottomRight, 1040, 1080),
        'green',
        'the focal point, in the green quadrant',
      );
      assert.equal(await colourAt(bottomRight, 450, 300), 'blue', 'x = 850 of the picture');
      assert.equal(await colourAt(bottomRight, 350, 300), 'red', 'x = 750 of the picture');

      // The centre crop (left = 200) has red where the focal crop has blue.
      const centre = await sharp(await quadrants())
        .resize({ width: 1200, height: 1200, fit: 'cover', position: 'centre' })
        .jpeg()
        .toBuffer();
      assert.equal(await colourAt(centre, 450, 300), 'red');
      assert.notDeepEqual(bottomRight, topLeft);

      // 16:9 crops are 1600 × 900 of the picture scaled to 1200 × 675 (× 0.75), cut at y = top.
      const low = await crop(0.75, 0.9, '16x9'); // top = 300
      assert.deepEqual(
        [(await sharp(low).metadata()).width, (await sharp(low).metadata()).height],
        [1200, 675],
      );
      assert.equal(await colourAt(low, 900, 585), 'green', 'the focal point (1200, 1080)');
      assert.equal(await colourAt(low, 300, 150), 'red', 'y = 500 of the picture');
      const high = await crop(0.25, 0.1, '16x9'); // top = 0
      assert.equal(await colourAt(high, 300, 90), 'red', 'the focal point (400, 120)');
      assert.equal(await colourAt(high, 300, 500), 'blue', 'y = 667 of the picture');

      // The default (centre) focal point keeps the crop that finds the subject itself.
      const reset: MediaItem = (await patch(item.id, { focalX: 0.5, focalY: 0.5 })).json();
      assert.equal(cropUrl(reset, '16x9'), `/media/${item.id}/crop-16x9.jpg`);
      assert.equal((await get(cropUrl(reset, '16x9'))).statusCode, 200);
    });

    test('a new focal point is a new name: made crops stay, older names lead to the current crop', async () => {
      const item = await site.services.media.add(actor, await quadrants());
      const dir = path.join(site.dataDir, 'media', String(item.id));
      assert.equal(cropUrl(item, '16x9'), `/media/${item.id}/crop-16x9.jpg`);
      assert.equal(cropUrl(item.id, '16x9'), cropUrl(item, '16x9'), 'an id alone names the same crop');

      const a: MediaItem = (await patch(item.id, { focalX: 0.3, focalY: 0.7 })).json();
      assert.equal(cropUrl(a, '16x9'), `/media/${item.id}/crop-16x9-f30-70.jpg`);
      assert.equal(cropUrl(item.id, '16x9'), `/media/${item.id}/crop-16x9.jpg`, 'ids alone: unchanged');
      // Many ask at once for a crop nobody made yet: one file, the same bytes for all.
      const first = await Promise.all(Array.from({ length: 12 }, () => get(cropUrl(a, '16x9'))));
      assert.deepEqual(new Set(first.map((r) => r.statusCode)), new Set([200]));
      assert.equal(new Set(first.map((r) => r.rawPayload.toString('base64'))).size, 1);
      assert.match(String(first[0]!.headers['cache-control']), /max-age=31536000, immutable/);

      const b: MediaItem = (await patch(item.id, { focalX: 0.8, focalY: 0.2 })).json();
      assert.equal(cropUrl(b, '16x9'), `/media/${item.id}/crop-16x9-f80-20.jpg`);
      const second = await get(cropUrl(b, '16x9'));
      assert.equal(second.statusCode, 200);
      assert.notDeepEqual(second.rawPayload, first[0]!.rawPayload, 'another focal point, another picture');
      const again = await get(cropUrl(a, '16x9'));
      assert.equal(again.statusCode, 200, 'a name once served keeps serving the same bytes');
      assert.deepEqual(again.rawPayload, first[0]!.rawPayload);
      assert.equal(await site.services.media.crop(item.id, '16x9'), path.join(dir, 'crop-16x9-f80-20.jpg'));

      // Names of focal points the item does not have now, never made: to the current crop, and
      // nothing is made for them (nobody can fill the disk with every point).
      for (const old of ['crop-4x3-f30-70.jpg', 'crop-4x3-f11-99.jpg']) {
        const res = await get(`/media/${item.id}/${old}`);
        assert.equal(res.statusCode, 302, old);
        assert.equal(res.headers.location, `/media/${item.id}/crop-4x3-f80-20.jpg`);
        assert.doesNotMatch(String(res.headers['cache-control']), /immutable/);
      }
      assert.equal((await get(`/media/${item.id}/crop-4x3-f80-20.jpg`)).statusCode, 200, 'where it leads');
      assert.deepEqual(fs.readdirSync(dir).sort(), [
        'crop-16x9-f30-70.jpg',
        'crop-16x9-f80-20.jpg',
        'crop-4x3-f80-20.jpg',
        'original',
      ]);
      for (const bad of [
        'crop-16x9-f050-50.jpg',
        'crop-16x9-f101-0.jpg',
        'crop-16x9-f30.jpg',
        'crop-16x9-f-1-5.jpg',
        'crop-2x1-f30-70.jpg',
        'crop-16x9-f30-70.png',
      ]) {
        assert.equal((await get(`/media/${item.id}/${bad}`)).statusCode, 404, bad);
      }
      assert.equal((await get('/media/999999/crop-16x9-f30-70.jpg')).statusCode, 404);

      // Another node changes the focal point (straight in the database: this node's memory still
      // holds the old one): the new name is made here at once, not sent back to the old one.
      await site.db
        .updateTable('media')
        .set({ focal_x: 0.1, focal_y: 0.9 })
        .where('id', '=', item.id)
        .execute();
      const fromElsewhere = await get(`/media/${item.id}/crop-1x1-f10-90.jpg`);
      assert.equal(fromElsewhere.statusCode, 200);
      assert.equal((await site.services.media.get(item.id)).focalX, 0.1, 'and this node now knows it');

      // Back to the centre: the subject-finding crop, and the centre's focal name leads to it.
      await patch(item.id, { focalX: 0.5, focalY: 0.5 });
      const centre = await get(`/media/${item.id}/crop-1x1-f50-50.jpg`);
      assert.equal(centre.statusCode, 302);
      assert.equal(centre.headers.location, `/media/${item.id}/crop-1x1.jpg`);
    });

    test('another node’s change reaches this node’s memory once forgotten', async () => {
      const item = await site.services.media.add(actor, await testImage(400, 300), { credit: 'Старий' });
      assert.equal((await site.services.media.get(item.id)).credit, 'Старий');
      await site.db.updateTable('media').set({ credit: 'Новий' }).where('id', '=', item.id).execute();
      assert.equal((await site.services.media.get(item.id)).credit, 'Старий', 'remembered');
      site.services.media.forget([item.id]);
      assert.equal((await site.services.media.get(item.id)).credit, 'Новий');
    });
  });
}
