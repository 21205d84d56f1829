/**
 * The readers counted in the last half-hour, in memory: one open-addressing table of
 * 7 bytes a slot (a 32-bit tag of the address and story, a 16-bit tag of the reader, the
 * minute it was counted), so ten million readers take 80–100 MB. Every node keeps its own
 * copy, made from the database's log of counted readers (`view_log`) at start and kept
 * current by reading what the other nodes append (views.service.ts).
 *
 * The readers of one address and story share a home slot, so one probe from there answers
 * both questions a beacon asks: was this reader counted within the window, and how many
 * readers has its address counted for this story (the cap). Linear probing; a slot whose
 * reader left the window is reused by the next insert on its way, and a sweep a little at a
 * time removes the rest (deletion by shifting back, so no tombstones pile up).
 */

/** A reader counts once per this many minutes (whole minutes: 29 to 30 minutes apart). */
export const WINDOW_MINUTES = 30;
/** Minutes are kept modulo this (stored + 1, 0 meaning empty); the sweep clears far sooner. */
const CYCLE = 255;
/** A stamp this far "behind" is a minute ahead of `now` (another node's clock, a later beacon). */
const AHEAD = 200;
/** Slots of a shard at least. */
const MIN_CAPACITY = 1 << 8;
/**
 * The table is 64 shards chosen by the pair tag's top bits, each grown on its own: growing
 * one copies a sixty-fourth of the readers (tens of milliseconds at ten million), never all
 * of them at once (seconds, during which the process would answer nothing).
 */
const SHARD_BITS = 6;
/** Grown (and cleared of readers that left) when this full; grown to `GROW_TO` full. */
const MAX_LOAD = 0.88;
const GROW_TO = 0.71;
/** Bytes a slot takes (Int32 + Uint16 + Uint8). */
export const SLOT_BYTES = 7;

export type Decision = 'counted' | 'duplicate' | 'capped';

/** One shard: an open-addressing table of its own (linear probing). */
class Shard {
  private pairs: Int32Array;
  private readers: Uint16Array;
  private stamps: Uint8Array;
  private capacity: number;
  /** Slots holding a reader (within the window or not yet swept). */
  private used = 0;
  private cursor = 0;

  constructor(capacity = MIN_CAPACITY) {
    this.capacity = Math.max(MIN_CAPACITY, capacity);
    this.pairs = new Int32Array(this.capacity);
    this.readers = new Uint16Array(this.capacity);
    this.stamps = new Uint8Array(this.capacity);
  }

  /** Readers held (some may have left the window and wait for the sweep). */
  get size(): number {
    return this.used;
  }

  /** Slots in the table (a sweep looks at a share of them per write). */
  get slots(): number {
    return this.capacity;
  }

  get bytes(): number {
    return this.capacity * SLOT_BYTES;
  }

  /** From the tag's bits below those that chose the shard. */
  private home(pair: number): number {
    return Math.floor((((pair << SHARD_BITS) >>> 0) / 4294967296) * this.capacity);
  }

  /** Minutes between a stamp and `now`; a stamp ahead of `now` counts as 0. */
  private age(stamp: number, now: number): number {
    const d = (((now - (stamp - 1)) % CYCLE) + CYCLE) % CYCLE;
    return d > AHEAD ? 0 : d;
  }

  /**
   * Whether a beacon of this reader at minute `minute` counts: not counted within the
   * window, and its address below `cap` readers of this story. A counted reader is kept.
   */
  decide(pair: number, reader: number, minute: number, cap: number): Decision {
    const { pairs, readers, stamps } = this;
    let i = this.home(pair);
    let reuse = -1;
    let ofPair = 0;
    for (;;) {
      const s = stamps[i]!;
      if (s === 0) break;
      if (this.age(s, minute) >= WINDOW_MINUTES) {
        if (reuse < 0) reuse = i;
      } else if (pairs[i] === pair) {
        if (readers[i] === reader) return 'duplicate';
        ofPair++;
      }
      i = i + 1 === this.capacity ? 0 : i + 1;
    }
    if (ofPair >= cap) return 'capped';
    this.put(reuse >= 0 ? reuse : i, pair, reader, minute);
    return 'counted';
  }

  /** Keeps a reader counted at `minute` (read from the log): no cap, nothing decided. */
  remember(pair: number, reader: number, minute: number): void {
    this.decide(pair, reader, minute, Number.POSITIVE_INFINITY);
  }

  /** Forgets a reader (its count was not written after all). */
  forget(pair: number, reader: number): void {
    let i = this.home(pair);
    while (this.stamps[i] !== 0) {
      if (this.pairs[i] === pair && this.readers[i] === reader) {
        this.deleteAt(i);
        return;
      }
      i = i + 1 === this.capacity ? 0 : i + 1;
    }
  }

  reserve(more: number): void {
    if (this.used + more > this.capacity * MAX_LOAD)
      this.rebuild(null, Math.ceil((this.used + more) / GROW_TO));
  }

  /**
   * Removes readers that left the window, looking at up to `slots` slots from where the last
   * sweep stopped; `done` when it reached the table's end (the next sweep starts over).
   */
  sweep(now: number, slots: number): { looked: number; done: boolean } {
    let looked = 0;
    while (looked < slots && this.cursor < this.capacity && this.used > 0) {
      const s = this.stamps[this.cursor]!;
      // A reader moved back into this slot is looked at again.
      if (s !== 0 && this.age(s, now) >= WINDOW_MINUTES) this.deleteAt(this.cursor);
      else this.cursor++;
      looked++;
    }
    const done = this.cursor >= this.capacity || this.used === 0;
    if (done) this.cursor = 0;
    // Mostly empty after a busy hour: give the memory back.
    if (this.capacity > MIN_CAPACITY && this.used < this.capacity * 0.15) this.rebuild(now);
    return { looked, done };
  }

  private put(i: number, pair: number, reader: number, minute: number): void {
    if (this.stamps[i] === 0) this.used++;
    this.pairs[i] = pair;
    this.readers[i] = reader;
    this.stamps[i] = (((minute % CYCLE) + CYCLE) % CYCLE) + 1;
    if (this.used > this.capacity * MAX_LOAD) this.rebuild(minute);
  }

  /** Deletion by shifting back (linear probing without tombstones). */
  private deleteAt(start: number): void {
    const { pairs, readers, stamps, capacity } = this;
    let i = start;
    let j = start;
    for (;;) {
      j = j + 1 === capacity ? 0 : j + 1;
      if (stamps[j] === 0) break;
      const k = this.home(pairs[j]!);
      // The reader at j may stay when its home lies cyclically in (i, j].
      const stays = i <= j ? i < k && k <= j : i < k || k <= j;
      if (stays) continue;
      pairs[i] = pairs[j]!;
      readers[i] = readers[j]!;
      stamps[i] = stamps[j]!;
      i = j;
    }
    stamps[i] = 0;
    this.used--;
  }

  /**
   * A new table holding only the readers still within the window at `now` (all of them when
   * null), sized for them or to `capacity` when that is larger.
   */
  private rebuild(now: number | null, capacity = 0): void {
    const { pairs, readers, stamps } = this;
    const old = this.capacity;
    const keep = (s: number) => s !== 0 && (now === null || this.age(s, now) < WINDOW_MINUTES);
    let live = 0;
    for (let i = 0; i < old; i++) if (keep(stamps[i]!)) live++;
    this.capacity = Math.max(MIN_CAPACITY, Math.ceil(live / GROW_TO), capacity);
    this.pairs = new Int32Array(this.capacity);
    this.readers = new Uint16Array(this.capacity);
    this.stamps = new Uint8Array(this.capacity);
    this.used = 0;
    this.cursor = 0;
    for (let i = 0; i < old; i++) {
      const s = stamps[i]!;
      if (!keep(s)) continue;
      let j = this.home(pairs[i]!);
      while (this.stamps[j] !== 0) j = j + 1 === this.capacity ? 0 : j + 1;
      this.pairs[j] = pairs[i]!;
      this.readers[j] = readers[i]!;
      this.stamps[j] = s;
      this.used++;
    }
  }
}

/** The readers of the last half-hour: the shards, each holding the pairs whose tags start with its number. */
export class ReaderMemory {
  private readonly shards = Array.from({ length: 1 << SHARD_BITS }, () => new Shard());
  private sweeping = 0;

  private shard(pair: number): Shard {
    return this.shards[pair >>> (32 - SHARD_BITS)]!;
  }

  /** Readers held (some may have left the window and wait for the sweep). */
  get size(): number {
    let n = 0;
    for (const s of this.shards) n += s.size;
    return n;
  }

  /** Slots in all shards (a sweep looks at a share of them per write). */
  get slots(): number {
    let n = 0;
    for (const s of this.shards) n += s.slots;
    return n;
  }

  get bytes(): number {
    return this.slots * SLOT_BYTES;
  }

  /**
   * Whether a beacon of this reader at minute `minute` counts: not counted within the
   * window, and its address below `cap` readers of this story. A counted reader is kept.
   */
  decide(pair: number, reader: number, minute: number, cap: number): Decision {
    return this.shard(pair).decide(pair, reader, minute, cap);
  }

  /** Keeps a reader counted at `minute` (read from the log): no cap, nothing decided. */
  remember(pair: number, reader: number, minute: number): void {
    this.shard(pair).decide(pair, reader, minute, Number.POSITIVE_INFINITY);
  }

  /** Forgets a reader (its count was not written after all). */
  forget(pair: number, reader: number): void {
    this.shard(pair).forget(pair, reader);
  }

  /** Makes room for `more` readers at once (a restart reading the log back): one rebuild a shard, not many. */
  reserve(more: number): void {
    const each = Math.ceil(more / this.shards.length);
    for (const s of this.shards) s.reserve(each);
  }

  /**
   * Removes readers that left the window, looking at up to `slots` slots: shard after shard,
   * each to its end before the next (one left part-way is taken up again next time).
   */
  sweep(now: number, slots: number): void {
    let left = slots;
    for (let n = 0; n < this.shards.length && left > 0; n++) {
      const { looked, done } = this.shards[this.sweeping]!.sweep(now, left);
      left -= looked;
      if (!done) break;
      this.sweeping = (this.sweeping + 1) % this.shards.length;
    }
  }
}
