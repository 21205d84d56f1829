/** What the seed page needs from the demo: distinct headlines, view counts, polls. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DemoStory, generateDemoNewsroom, generateStories } from './generate.ts';

const NOW = Date.UTC(2025, 9, 15, 6, 30);
const demo = generateDemoNewsroom({ now: NOW, siteName: 'Shpalta', stories: 700 });

/** Headlines used more than once in one language, with how often. */
function repeatedHeadlines(stories: Iterable<DemoStory>): string[] {
  const seen = new Map<string, number>();
  for (const s of stories) {
    for (const v of s.versions) {
      const k = `${v.language}: ${v.title}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
}

describe('headlines', () => {
  it('never repeat within a language in the 700-story demo', () => {
    assert.deepEqual(repeatedHeadlines(demo.stories), []);
  });

  it('never repeat within a language in 5 000 generated stories', () => {
    assert.deepEqual(repeatedHeadlines(generateStories({ count: 5000, now: NOW, seed: 7 })), []);
  });

  it('still come from every section, in about the usual mix', () => {
    const bySection = new Map<string, number>();
    for (const s of generateStories({ count: 5000, now: NOW, seed: 7 })) {
      bySection.set(s.section, (bySection.get(s.section) ?? 0) + 1);
    }
    // Weights run from 6 (weather) to 15 (politics, war) of 106: 5 000 × 6/106 ≈ 280.
    assert.equal(bySection.size, 10);
    for (const [section, n] of bySection) assert.ok(n >= 200 && n <= 900, `${section}: ${n}`);
  });
});

describe('views', () => {
  const byAge = [...demo.stories].sort((a, b) => a.publishedAt - b.publishedAt);
  const views = byAge.map((s) => s.views);

  it('are whole numbers for every story', () => {
    for (const v of views) assert.ok(v !== undefined && Number.isInteger(v) && v >= 0, String(v));
  });

  it('are zero for a handful of the newest stories and for no older one', () => {
    const zero = views.map((v, i) => (v === 0 ? i : -1)).filter((i) => i >= 0);
    assert.ok(zero.length >= 3 && zero.length <= 6, `${zero.length} unread`);
    assert.deepEqual(
      zero,
      zero.map((_, k) => byAge.length - zero.length + k),
      'the unread ones are the newest',
    );
  });

  it('grow with age: older stories have more views', () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const quarter = Math.floor(views.length / 4);
    const oldest = median(views.slice(0, quarter) as number[]);
    const newest = median(views.slice(-quarter) as number[]);
    assert.ok(oldest > newest * 1.3, `median ${oldest} (oldest quarter) vs ${newest} (newest)`);
  });

  it('reach the thousands for a few stories and pass 10 000 for one or two', () => {
    const thousands = views.filter((v) => v! >= 1000 && v! < 10_000);
    const above = views.filter((v) => v! >= 10_000);
    assert.ok(thousands.length >= 5 && thousands.length <= 40, `${thousands.length} in the thousands`);
    assert.ok(above.length >= 1 && above.length <= 2, `${above.length} above 10 000`);
    // "1.3т" needs a count whose hundreds digit is not zero.
    assert.ok(thousands.some((v) => Math.floor(v! / 100) % 10 !== 0));
  });

  it('are the same for the same seed and now', () => {
    const again = generateDemoNewsroom({ now: NOW, siteName: 'Shpalta', stories: 700 });
    assert.deepEqual(
      again.stories.map((s) => s.views),
      demo.stories.map((s) => s.views),
    );
  });
});

describe('polls', () => {
  const polls = demo.polls ?? [];

  it('include a site-wide poll in each language with 3–5 options and plausible votes', () => {
    for (const language of ['uk', 'ru'] as const) {
      const sitewide = polls.filter((p) => p.sitewide && p.language === language);
      assert.ok(sitewide.length >= 1, `no site-wide ${language} poll`);
      for (const p of sitewide) {
        assert.equal(p.storyKey, null);
        assert.ok(p.question.endsWith('?'), p.question);
        assert.ok(p.options.length >= 3 && p.options.length <= 5);
        const total = p.options.reduce((a, o) => a + o.votes, 0);
        assert.ok(total >= 500 && total <= 10_000, `${total} votes`);
        for (const o of p.options) assert.ok(Number.isInteger(o.votes) && o.votes > 0 && o.label.length > 0);
        assert.ok(p.opensAt < NOW);
      }
    }
    const uk = polls.find((p) => p.sitewide && p.language === 'uk')!;
    assert.doesNotMatch(uk.question + uk.options.map((o) => o.label).join(), /[ыэъё]/);
  });

  it('attach one poll to a recent story, in the story’s languages', () => {
    const attached = polls.filter((p) => !p.sitewide);
    assert.ok(attached.length >= 1);
    const keys = new Set(attached.map((p) => p.storyKey));
    assert.equal(keys.size, 1, 'one story');
    const story = demo.stories.find((s) => s.key === attached[0]!.storyKey);
    assert.ok(story, 'the story exists');
    assert.ok(story.publishedAt >= NOW - 3 * 86_400_000, 'a recent story');
    assert.deepEqual(
      attached.map((p) => p.language),
      story.versions.map((v) => v.language),
    );
    for (const p of attached) {
      assert.ok(p.options.length >= 2 && p.options.length <= 5);
      assert.ok(p.opensAt === story.publishedAt);
    }
    assert.equal(new Set(polls.map((p) => p.key)).size, polls.length, 'poll keys are unique');
  });

  it('are absent from a newsroom without stories, apart from the site-wide ones', () => {
    const empty = generateDemoNewsroom({ now: NOW, siteName: 'Shpalta', stories: 0 });
    assert.ok((empty.polls ?? []).every((p) => p.sitewide));
    assert.ok((empty.polls ?? []).length >= 2);
  });
});
