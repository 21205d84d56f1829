import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDatabase } from '../src/server/db/database.ts';
import { ReaderMemory, SLOT_BYTES, WINDOW_MINUTES } from '../src/server/modules/views/reader-memory.ts';
import { packReader, repoLog, sqliteLog, unpackReader } from '../src/server/modules/views/views.repo.ts';

/** A small deterministic generator (the same run every time). */
function random(seed: number) {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

test('a reader counts once per window; an address counts up to its cap per story', () => {
  const m = new ReaderMemory();
  assert.equal(m.decide(7, 1, 1000, 3), 'counted');
  assert.equal(m.decide(7, 1, 1000 + WINDOW_MINUTES - 1, 3), 'duplicate');
  assert.equal(m.decide(7, 1, 1000 + WINDOW_MINUTES, 3), 'counted', 'a new window');
  assert.equal(m.decide(7, 2, 1000, 3), 'counted');
  assert.equal(m.decide(7, 3, 1000, 3), 'counted');
  // Readers 1 (again, later), 2 and 3 of pair 7: the cap of three is reached.
  assert.equal(m.decide(7, 4, 1010, 3), 'capped');
  assert.equal(m.decide(8, 4, 1010, 3), 'counted', 'another pair has its own allowance');
  // A beacon a minute "behind" another node's (clocks differ): still within the window.
  assert.equal(m.decide(9, 1, 2001, 3), 'counted');
  assert.equal(m.decide(9, 1, 2000, 3), 'duplicate');
  m.forget(9, 1);
  assert.equal(m.decide(9, 1, 2000, 3), 'counted', 'forgotten: not written after all');
});

test('against a plain model: random readers, pairs crowding two homes, sweeps, growth and shrinking', () => {
  const next = random(42);
  const m = new ReaderMemory();
  const pool = Array.from({ length: 3000 }, (_, i) =>
    i < 1000 ? next() | 0 : i < 2000 ? -1 - (next() % (1 << 22)) : next() % (1 << 22),
  );
  /** pair:reader → minute counted. */
  const model = new Map<string, number>();
  const cap = 4;
  let minute = 50_000;
  for (let step = 0; step < 200_000; step++) {
    if (step % 300 === 0) minute++;
    // Few pairs, so caps and duplicates happen: a third anywhere, a third crowding the
    // table's end (their readers wrap round to the start), a third crowding the start.
    const pair = pool[next() % pool.length]!;
    const reader = next() % 8;
    const key = `${pair}:${reader}`;
    const counted = model.get(key);
    let expected: string;
    if (counted !== undefined && minute - counted < WINDOW_MINUTES) expected = 'duplicate';
    else {
      let readers = 0;
      for (let b = 0; b < 8; b++) {
        const at = model.get(`${pair}:${b}`);
        if (at !== undefined && minute - at < WINDOW_MINUTES) readers++;
      }
      expected = readers >= cap ? 'capped' : 'counted';
    }
    assert.equal(m.decide(pair, reader, minute, cap), expected, `step ${step}`);
    if (expected === 'counted') model.set(key, minute);
    if (step % 50 === 0) m.sweep(minute, 200);
  }
  // After the window, a full sweep leaves nothing and gives the memory back.
  minute += WINDOW_MINUTES;
  for (let i = 0; i < 100; i++) m.sweep(minute, 1 << 20);
  assert.equal(m.size, 0);
  assert.equal(m.bytes, 64 * 256 * SLOT_BYTES);
});

test('memory: seven bytes a slot, at most 100 MB for ten million readers', () => {
  const m = new ReaderMemory();
  const next = random(7);
  const n = 1_000_000;
  for (let i = 0; i < n; i++) m.decide(next() | 0, next() & 0xffff, 100, 50);
  // Between 1/0.88 and 1/0.71 slots a reader, whatever point of growth it is at.
  const perReader = m.bytes / m.size;
  assert.ok(perReader <= SLOT_BYTES / 0.71 + 0.01, `${perReader} B a reader`);
  // A restart reading ten million back sizes the table once: within the bound.
  const restarted = new ReaderMemory();
  restarted.reserve(10_000_000);
  assert.ok(restarted.bytes <= 100_000_000, `${restarted.bytes} B`);
});

test('the log read back as packed numbers: SQLite’s statement and the repository agree, extremes included', async () => {
  const database = createDatabase(':memory:');
  try {
    await database.migrate();
    const rows = [
      { minute: 1000, pair: -(2 ** 31), reader: 0 },
      { minute: 1029, pair: 2 ** 31 - 1, reader: 65_535 },
      { minute: 1005, pair: 0, reader: 1 },
      // Before the window asked for: left out. Far ahead (another node's clock): the last offset.
      { minute: 999, pair: 5, reader: 5 },
      { minute: 1100, pair: -7, reader: 9 },
    ];
    const fast = sqliteLog(database.sqlite!);
    await fast.append(database.db, rows);
    const a = await fast.read(database.db, 0, 5, 1000);
    const b = await repoLog.read(database.db, 0, 5, 1000);
    assert.deepEqual(a, b);
    assert.deepEqual(a.map(unpackReader), [
      { pair: -(2 ** 31), reader: 0, offset: 0 },
      { pair: 2 ** 31 - 1, reader: 65_535, offset: 29 },
      { pair: 0, reader: 1, offset: 5 },
      { pair: -7, reader: 9, offset: 31 },
    ]);
    assert.deepEqual(await fast.read(database.db, 1, 2, 1000), [packReader(2 ** 31 - 1, 65_535, 29)]);
  } finally {
    await database.close();
  }
});
