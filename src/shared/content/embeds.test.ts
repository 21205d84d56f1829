import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recogniseEmbed } from './embeds.ts';

test('recognises posts and videos from their usual URLs, giving one canonical URL', () => {
  const cases: [string, string, string][] = [
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    [
      'https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=1m5s&list=x',
      'youtube',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=65',
    ],
    ['https://youtu.be/dQw4w9WgXcQ?t=42', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42'],
    ['https://www.youtube.com/shorts/dQw4w9WgXcQ', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    [
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=7',
      'youtube',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=7',
    ],
    ['https://twitter.com/jack/status/20', 'x', 'https://x.com/jack/status/20'],
    ['https://mobile.twitter.com/jack/status/20/photo/1', 'x', 'https://x.com/jack/status/20'],
    ['https://x.com/i/web/status/20', 'x', 'https://x.com/i/status/20'],
    ['https://platform.twitter.com/embed/Tweet.html?id=20', 'x', 'https://x.com/i/status/20'],
    ['https://t.me/durov/43', 'telegram', 'https://t.me/durov/43'],
    ['https://t.me/s/durov/43?embed=1', 'telegram', 'https://t.me/durov/43'],
    ['https://www.facebook.com/zuck/posts/10114', 'facebook', 'https://www.facebook.com/zuck/posts/10114'],
    ['https://m.facebook.com/watch/?v=1234&ref=x', 'facebook', 'https://www.facebook.com/watch/?v=1234'],
    ['https://www.facebook.com/reel/987', 'facebook', 'https://www.facebook.com/reel/987'],
    ['https://fb.watch/abcDEF/', 'facebook', 'https://fb.watch/abcDEF/'],
    [
      'https://www.facebook.com/permalink.php?story_fbid=pfbid0ab&id=100',
      'facebook',
      'https://www.facebook.com/permalink.php?story_fbid=pfbid0ab&id=100',
    ],
    [
      'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fpage%2Fvideos%2F55%2F',
      'facebook',
      'https://www.facebook.com/page/videos/55',
    ],
    ['https://www.instagram.com/p/C1abcDEF/', 'instagram', 'https://www.instagram.com/p/C1abcDEF/'],
    ['https://instagram.com/reels/C1abcDEF', 'instagram', 'https://www.instagram.com/reel/C1abcDEF/'],
    [
      'https://www.instagram.com/someone/p/C1abcDEF/embed/captioned',
      'instagram',
      'https://www.instagram.com/p/C1abcDEF/',
    ],
  ];
  for (const [url, provider, canonical] of cases) {
    assert.deepEqual(recogniseEmbed(url), { provider, url: canonical }, url);
    // The canonical URL is itself recognised as the same post.
    assert.deepEqual(recogniseEmbed(canonical), { provider, url: canonical }, canonical);
  }
});

test('anything else is not an embed', () => {
  for (const url of [
    'https://www.youtube.com/',
    'https://www.youtube.com/channel/UC123',
    'https://www.youtube.com/watch?v=short',
    'https://youtu.be.evil.example/dQw4w9WgXcQ',
    'https://x.com/home',
    'https://x.com/jack',
    'https://t.me/joinchat/AAAA',
    'https://t.me/durov',
    'https://www.facebook.com/zuck',
    'https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fevil.example%2F',
    'https://www.instagram.com/someone/',
    'https://example.org/watch?v=dQw4w9WgXcQ',
    'javascript:alert(1)//youtu.be/dQw4w9WgXcQ',
    'ftp://youtu.be/dQw4w9WgXcQ',
    '/watch?v=dQw4w9WgXcQ',
    '',
  ]) {
    assert.equal(recogniseEmbed(url), null, url);
  }
});
