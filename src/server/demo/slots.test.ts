import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SlotMap } from './data-schema.ts';
import { compileExpr } from './expr.ts';
import { castBook, nameBook, placeBook } from './people.ts';
import { createRng } from './rng.ts';
import { compileSlots, prepareItem, runSlots, type SlotEnv } from './slots.ts';
import { render, type Slots } from './text.ts';

const rng = createRng(3);
const noSlots = { rng, num: () => assert.fail('no slot should be read') };

describe('expressions', () => {
  it('do arithmetic with precedence and parentheses', () => {
    assert.equal(compileExpr('2 + 3 * 4').evaluate(noSlots), 14);
    assert.equal(compileExpr('(2 + 3) * 4 - -1').evaluate(noSlots), 21);
    assert.equal(compileExpr('max(3, 9, 4) - min(3, 1)').evaluate(noSlots), 8);
  });

  it('draw integers within bounds and pick among numbers', () => {
    const int = compileExpr('int(12, 95) * 10');
    const pick = compileExpr('pick(7, 10, 14)');
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const v = int.evaluate(noSlots) as number;
      assert.ok(v >= 120 && v <= 950 && v % 10 === 0, String(v));
      seen.add(pick.evaluate(noSlots) as number);
    }
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      [7, 10, 14],
    );
  });

  it('read earlier slots and the numbers of picked items', () => {
    const scope = {
      rng,
      num: (name: string, field: string | undefined) => (name === 'total' ? 50 : field === 'lo' ? 45 : NaN),
    };
    assert.equal(compileExpr('total - 5').evaluate(scope), 45);
    assert.equal(compileExpr('prod.lo * 2').evaluate(scope), 90);
    assert.deepEqual(compileExpr('total - prod.lo * 2 + x').refs, ['total', 'prod', 'x']);
  });

  it('format decimals, temperatures and ranges the way editors write them', () => {
    assert.equal(compileExpr('dec(155 / 10)').evaluate(noSlots), '15,5');
    assert.equal(compileExpr('dec(12)').evaluate(noSlots), '12');
    assert.equal(compileExpr('dec(4137 / 100, 2)').evaluate(noSlots), '41,37');
    assert.equal(compileExpr('temp(12)').evaluate(noSlots), '+12');
    assert.equal(compileExpr('temp(0 - 3)').evaluate(noSlots), '−3');
    assert.equal(compileExpr('temp(372 / 10)').evaluate(noSlots), '+37,2');
    assert.equal(compileExpr('range(2, -3)').evaluate(noSlots), '−3…+2');
  });

  it('refuse what would print badly or cannot be meant', () => {
    assert.throws(() => compileExpr('dec(1) + 1'), /outermost/);
    assert.throws(() => compileExpr('int(1)'), /takes 2/);
    assert.throws(() => compileExpr('rnd(1, 2)'), /unknown function rnd/);
    assert.throws(() => compileExpr('2 +'), /unexpected end/);
    assert.throws(() => compileExpr('2 $ 3'), /cannot read/);
    assert.throws(() => compileExpr('7 / 2').evaluate(noSlots), /wrap a fraction in dec/);
  });
});

const names = nameBook({
  male: [['Андрій', 'Андрей']],
  female: [['Олена', 'Елена']],
  surnames: [['Левицький', 'Левицька', 'Левицкий', 'Левицкая']],
});
const places = placeBook(
  {
    cities: {
      lviv: {
        uk: { nom: 'Львів', gen: 'Львова', in: 'у Львові', region: 'Львівськ' },
        ru: { nom: 'Львов', gen: 'Львова', in: 'во Львове', region: 'Львовск' },
        tag: 'lviv',
      },
      odesa: {
        uk: { nom: 'Одеса', gen: 'Одеси', in: 'в Одесі', region: 'Одеськ' },
        ru: { nom: 'Одесса', gen: 'Одессы', in: 'в Одессе', region: 'Одесск' },
        tag: 'odesa',
      },
    },
    pools: { all: { lviv: 3, odesa: 1 } },
    officials: {
      regionHead: { role: { uk: 'начальник {place.ova}', ru: 'начальник {place.ova}' }, female: 0.5 },
    },
  },
  names,
);
const cast = castBook({
  mfa: { uk: 'Ігор Мартинюк', ru: 'Игорь Мартынюк', female: false, role: ['речник МЗС', 'спикер МИД'] },
});
const lists = new Map(
  Object.entries({
    fuels: [{ uk: 'бензин', ru: 'бензин', num: { lo: 52, hi: 60 } }],
    snow: [
      { uk: 'сніг', ru: 'снег', months: [12, 1, 2] },
      { uk: 'спека', ru: 'жара', months: [6, 7, 8] },
    ],
    clubs: [
      { uk: 'Маяк', ru: 'Маяк', place: 'odesa' },
      { uk: 'Лев', ru: 'Лев', place: 'lviv' },
    ],
  }).map(([k, v]) => [k, v.map(prepareItem)]),
);
const env: SlotEnv = { list: (n) => lists.get(n), cast: (n) => cast.get(n), places, names };

function fill(map: SlotMap, month = 1, seed = 1): Slots {
  const program = compileSlots(map, env, 'test', new Set(), [month]);
  const run = { rng: createRng(seed), month, slots: {} as Slots, meta: new Map() };
  runSlots(program, run);
  return run.slots;
}

describe('slot maps', () => {
  it('fill slots in order, later ones reading earlier ones and item numbers', () => {
    for (let seed = 1; seed < 50; seed++) {
      const s = fill(
        {
          total: 'int(25, 90)',
          down: 'total - int(2, 9)',
          fuel: { pick: 'fuels' },
          price: 'int(fuel.lo, fuel.hi)',
        },
        1,
        seed,
      );
      assert.ok((s.down as number) < (s.total as number));
      assert.ok((s.price as number) >= 52 && (s.price as number) <= 60);
    }
  });

  it('pick only what fits the month', () => {
    assert.equal(render('{w}', fill({ w: { pick: 'snow' } }, 1), 'uk', false), 'сніг');
    assert.equal(render('{w}', fill({ w: { pick: 'snow' } }, 7), 'ru', false), 'жара');
    assert.throws(() => fill({ w: { pick: 'snow' } }, 4), /nothing to pick .* in month 4/);
  });

  it('make people whose roles and verbs agree, and cast the recurring officials', () => {
    const women = fill({
      p: { person: { uk: 'політолог', ukF: 'політологиня', ru: 'политолог' }, female: 1 },
    });
    assert.equal(
      render('{^p.role} {p} {p|сказав|сказала}', women, 'uk', false),
      'Політологиня Олена Левицька сказала',
    );
    assert.equal(render('{p.role} {p}', women, 'ru', false), 'политолог Елена Левицкая');
    const men = fill({
      topic: {
        pick: [
          { uk: { nom: 'x', com: 'з питань освіти' }, ru: { nom: 'x', com: 'по вопросам образования' } },
        ],
      },
      mp: { person: ['член комітету {topic.com}', 'член комитета {topic.com}'], female: 0 },
    });
    assert.equal(render('{mp.role}', men, 'uk', false), 'член комітету з питань освіти');
    assert.equal(
      render('{m.role} {m}', fill({ m: { cast: 'mfa' } }), 'uk', false),
      'речник МЗС Ігор Мартинюк',
    );
  });

  it('set a city with its officials, the same people for the same city', () => {
    const a = fill({ place: { place: ['odesa'] } }, 1, 1);
    const b = fill({ place: { place: 'all', except: ['lviv'] } }, 1, 2);
    assert.equal(render('{place.inObl}', a, 'uk', false), 'в Одеській області');
    assert.equal(render('{regionHead.role}', a, 'ru', false), 'начальник Одесской ОВА');
    assert.deepEqual(a.regionHead, b.regionHead);
    const home = fill({ team: { sample: 'clubs', count: 2 }, place: { placeOf: 'team2' } }, 1, 5);
    assert.notDeepEqual(home.team1, home.team2);
    const city = render('{place}', home, 'uk', false);
    assert.equal(city, render('{team2}', home, 'uk', false) === 'Маяк' ? 'Одеса' : 'Львів');
  });

  it('take one branch, by weight and month, with its own slots', () => {
    const map: SlotMap = {
      goals: 'int(1, 3)',
      outcome: {
        branch: {
          home: { weight: 3, slots: { hg: 'goals', ag: 'int(0, goals - 1)' } },
          draw: { slots: { hg: 'int(0, 2)', ag: 'hg' } },
        },
      },
      score: { text: ['{hg}:{ag}', '{hg}:{ag}'] },
    };
    const seen = new Map<string, number>();
    for (let seed = 1; seed <= 400; seed++) {
      const s = fill(map, 1, seed);
      seen.set(s.outcome as string, (seen.get(s.outcome as string) ?? 0) + 1);
      if (s.outcome === 'draw') assert.equal(s.hg, s.ag);
      else assert.ok((s.hg as number) > (s.ag as number));
      assert.equal(render('{score}', s, 'uk', false), `${s.hg}:${s.ag}`);
    }
    assert.ok(seen.get('home')! > seen.get('draw')! * 2, JSON.stringify([...seen]));
  });

  it('refuse slots used before they are defined, and unknown lists', () => {
    assert.throws(() => fill({ a: 'b + 1', b: '2' }), /reads "b" before it is defined/);
    assert.throws(() => fill({ t: { text: ['{nope}', '{nope}'] } }), /uses \{nope\} before it is defined/);
    assert.throws(() => fill({ x: { pick: 'nope' } }), /no list "nope"/);
    assert.throws(() => fill({ x: { cast: 'nope' } }), /no "nope" in cast.json/);
    assert.throws(() => fill({ x: { sample: 'clubs', count: 3 } }), /fewer than 3/);
  });
});
