// Unit tests of web/src/lib/money.ts, run by Playwright in node (no browser, no server needed:
// `npm run test:unit`; the browser suite runs them too). Issue 13 item 7: money is parsed and formatted
// as integer fen without floating point. Each case below is one a float conversion gets wrong or that a
// person types: 0.1 + 0.2, 1.005, 19.99 × 100, 0.07, amounts beyond 2^53 fen.
import { expect, test } from '@playwright/test';
import { MAX_EXACT_FEN, fenToYuanText, formatMoney, formatYuan, parseYuan, yuanToFen } from '../../src/lib/money';

test.describe('parseYuan: yuan as typed → exact fen', () => {
  const cases: Array<[string, bigint]> = [
    ['1,234.5', 123450n],
    ['1234.5', 123450n],
    ['0.07', 7n], // 0.07 * 100 = 7.000000000000001 in floating point
    ['19.99', 1999n], // 19.99 * 100 = 1998.9999999999998
    ['0.3', 30n],
    ['1.1', 110n], // 1.1 * 100 = 110.00000000000001
    ['4.35', 435n], // 4.35 * 100 = 434.99999999999994: Math.floor gives 434
    ['0', 0n],
    ['0.00', 0n],
    ['-0.07', -7n],
    ['-1,234.56', -123456n],
    [' 12 000 ', 1200000n],
    ['12，000.5', 1200050n], // full-width comma as typed with a Chinese input method
    ['1,000,000', 100000000n],
    // 2^53 fen = 90,071,992,547,409.92 yuan; one fen more is exact too.
    ['90,071,992,547,409.93', 9007199254740993n],
    ['92233720368547758.07', 9223372036854775807n], // int64 max (kernel Money)
  ];
  for (const [text, fen] of cases) {
    test(`"${text}" → ${fen}`, () => {
      expect(parseYuan(text)).toBe(fen);
    });
  }

  const refused = ['1.005', '0.001', '1e3', '1,23', '12,3456', '1,,000', '.5', '1.', '--1', '+1', 'abc', '¥12', '', ' ', '1.2.3',
    'NaN', 'Infinity', '0x10', '1 0.5.5'];
  for (const text of refused) {
    test(`refuses "${text}"`, () => {
      expect(parseYuan(text)).toBeUndefined();
    });
  }
});

test.describe('yuanToFen: a form value → the fen number of an API body', () => {
  test('numbers from an InputNumber are read by their decimal text, not multiplied', () => {
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(0.07)).toBe(7);
    expect(yuanToFen(1.1)).toBe(110);
    expect(yuanToFen(1500000)).toBe(150000000);
    expect(yuanToFen(0)).toBe(0);
  });
  test('0.1 + 0.2 is not an amount of two decimals: refused, not rounded', () => {
    expect(0.1 + 0.2).not.toBe(0.3); // the float the form would otherwise send
    expect(yuanToFen(0.1 + 0.2)).toBeUndefined();
    // the sum done in fen is exact
    expect((yuanToFen('0.1') ?? NaN) + (yuanToFen('0.2') ?? NaN)).toBe(yuanToFen('0.3'));
  });
  test('1.005 is refused (no half-fen), 1.00 and 1.01 are not', () => {
    expect(yuanToFen('1.005')).toBeUndefined();
    expect(yuanToFen(1.005)).toBeUndefined();
    expect(yuanToFen('1.00')).toBe(100);
    expect(yuanToFen('1.01')).toBe(101);
  });
  test('strings from a stringMode InputNumber', () => {
    expect(yuanToFen('50000')).toBe(5000000);
    expect(yuanToFen('16000.50')).toBe(1600050);
    expect(yuanToFen('12,000.5')).toBe(1200050);
  });
  test('empty, garbage and non-finite values give undefined', () => {
    for (const value of [null, undefined, '', 'abc', NaN, Infinity, -Infinity, 1e21]) {
      expect(yuanToFen(value)).toBeUndefined();
    }
  });
  test('negative amounts only when allowed', () => {
    expect(yuanToFen('-5')).toBeUndefined();
    expect(yuanToFen('-5', { allowNegative: true })).toBe(-500);
    expect(yuanToFen(-0.07, { allowNegative: true })).toBe(-7);
  });
  test('an amount a JSON number cannot carry exactly is refused, the largest exact one is not', () => {
    expect(MAX_EXACT_FEN).toBe(9007199254740991n);
    expect(yuanToFen('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(yuanToFen('90071992547409.92')).toBeUndefined(); // 2^53 fen
    expect(yuanToFen('-90071992547409.92', { allowNegative: true })).toBeUndefined();
  });
});

test.describe('formatYuan / formatMoney: fen → text', () => {
  const cases: Array<[number | bigint | string, string]> = [
    [123450, '1,234.50'],
    [0, '0.00'],
    [7, '0.07'],
    [1999, '19.99'],
    [100, '1.00'],
    [99, '0.99'],
    [-7, '-0.07'],
    [-123456, '-1,234.56'],
    [150000000, '1,500,000.00'],
    [94476125, '944,761.25'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
    // (2^53 + 1) / 100 as a float prints 90071992547409.92: the bigint keeps the last fen
    [9007199254740993n, '90,071,992,547,409.93'],
    ['9223372036854775807', '92,233,720,368,547,758.07'],
    [-9223372036854775808n, '-92,233,720,368,547,758.08'],
  ];
  for (const [fen, text] of cases) {
    test(`${String(fen)} → "${text}"`, () => {
      expect(formatYuan(fen)).toBe(text);
    });
  }
  test('parse and format round-trip exactly', () => {
    for (const text of ['0.01', '0.10', '19.99', '1,234.50', '-0.07', '90,071,992,547,409.93']) {
      const fen = parseYuan(text);
      expect(fen).toBeDefined();
      expect(formatYuan(fen ?? 0n)).toBe(text);
    }
  });
  test('a non-integer is a programming error, not a rounded display', () => {
    expect(() => formatYuan(0.1 + 0.2)).toThrow(RangeError);
    expect(() => formatYuan(12.5)).toThrow(RangeError);
    expect(() => formatYuan('12.50')).toThrow(RangeError);
  });
  test('form prefill text has no grouping', () => {
    expect(fenToYuanText(4900000)).toBe('49000.00');
    expect(fenToYuanText(7)).toBe('0.07');
    expect(yuanToFen(fenToYuanText(123456789))).toBe(123456789);
  });
  test('formatMoney in zh-CN and en-US', () => {
    expect(formatMoney(150000000, 'zh-CN')).toBe('¥1,500,000.00');
    expect(formatMoney(150000000, 'en-US')).toBe('CNY 1,500,000.00');
    expect(formatMoney(-7, 'zh-CN')).toBe('-¥0.07');
    expect(formatMoney(-7, 'en-US')).toBe('-CNY 0.07');
    expect(formatMoney(null, 'zh-CN')).toBe('—');
    expect(formatMoney(undefined, 'en-US')).toBe('—');
    expect(formatMoney(0, 'zh-CN')).toBe('¥0.00');
  });
});
