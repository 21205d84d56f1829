import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abbreviateCount, formatInteger } from './numbers.ts';

describe('abbreviateCount', () => {
  it('shows counts below a thousand as they are', () => {
    assert.equal(abbreviateCount(0, 'uk'), '0');
    assert.equal(abbreviateCount(492, 'uk'), '492');
    assert.equal(abbreviateCount(999, 'uk'), '999');
  });

  it('shows thousands with one floored decimal and drops ".0"', () => {
    assert.equal(abbreviateCount(1000, 'uk'), '1т');
    assert.equal(abbreviateCount(1049, 'uk'), '1т');
    assert.equal(abbreviateCount(1099, 'uk'), '1т');
    assert.equal(abbreviateCount(1100, 'uk'), '1.1т');
    assert.equal(abbreviateCount(1300, 'uk'), '1.3т');
    assert.equal(abbreviateCount(1349, 'uk'), '1.3т');
    assert.equal(abbreviateCount(1999, 'uk'), '1.9т');
    assert.equal(abbreviateCount(9999, 'uk'), '9.9т');
  });

  it('avoids floating-point surprises for every hundred', () => {
    for (let h = 10; h < 100; h++) {
      const expected = h % 10 === 0 ? `${h / 10}т` : `${Math.floor(h / 10)}.${h % 10}т`;
      assert.equal(abbreviateCount(h * 100, 'uk'), expected, String(h * 100));
    }
  });

  it('shows whole thousands from ten thousand', () => {
    assert.equal(abbreviateCount(10000, 'uk'), '10т');
    assert.equal(abbreviateCount(12345, 'uk'), '12т');
    assert.equal(abbreviateCount(999999, 'uk'), '999т');
  });

  it('shows millions with one floored decimal, then whole', () => {
    assert.equal(abbreviateCount(1000000, 'uk'), '1м');
    assert.equal(abbreviateCount(1234567, 'uk'), '1.2м');
    assert.equal(abbreviateCount(1300000, 'uk'), '1.3м');
    assert.equal(abbreviateCount(9999999, 'uk'), '9.9м');
    assert.equal(abbreviateCount(10000000, 'uk'), '10м');
    assert.equal(abbreviateCount(12345678, 'uk'), '12м');
  });

  it('uses the same suffixes for Russian and Latin ones elsewhere', () => {
    assert.equal(abbreviateCount(1349, 'ru'), '1.3т');
    assert.equal(abbreviateCount(1234567, 'ru'), '1.2м');
    assert.equal(abbreviateCount(1349, 'en'), '1.3k');
    assert.equal(abbreviateCount(12345678, 'en'), '12M');
    assert.equal(abbreviateCount(1349, 'uk-UA'), '1.3т');
  });

  it('shows nonsense as zero and drops fractions', () => {
    assert.equal(abbreviateCount(-5, 'uk'), '0');
    assert.equal(abbreviateCount(Number.NaN, 'uk'), '0');
    assert.equal(abbreviateCount(Number.POSITIVE_INFINITY, 'uk'), '0');
    assert.equal(abbreviateCount(999.9, 'uk'), '999');
    assert.equal(abbreviateCount(1099.99, 'uk'), '1т');
  });
});

describe('formatInteger', () => {
  const nnbsp = '\u202f';

  it('groups digits with a narrow no-break space for uk and ru', () => {
    assert.equal(formatInteger(12345, 'uk'), `12${nnbsp}345`);
    assert.equal(formatInteger(12345, 'ru'), `12${nnbsp}345`);
    assert.equal(formatInteger(1000, 'uk'), `1${nnbsp}000`);
    assert.equal(formatInteger(1234567, 'uk'), `1${nnbsp}234${nnbsp}567`);
    assert.equal(formatInteger(999, 'uk'), '999');
    assert.equal(formatInteger(0, 'uk'), '0');
  });

  it('uses commas for other languages', () => {
    assert.equal(formatInteger(1234567, 'en'), '1,234,567');
  });

  it('keeps the sign, truncates fractions and survives huge or odd values', () => {
    assert.equal(formatInteger(-12345, 'uk'), `-12${nnbsp}345`);
    assert.equal(formatInteger(12345.99, 'uk'), `12${nnbsp}345`);
    assert.equal(formatInteger(-0.5, 'uk'), '0');
    assert.equal(formatInteger(1e21, 'en'), '1,000,000,000,000,000,000,000');
    assert.equal(formatInteger(Number.NaN, 'uk'), '0');
  });
});
