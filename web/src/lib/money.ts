// Money in the browser. The API speaks integer fen (kernel Money, int64); people type and read yuan with
// two decimals. Every conversion here works on decimal digits and BigInt, never through floating point:
// "0.07" is 7 fen, "19.99" is 1999 fen, "1.005" is refused (not rounded), and amounts beyond 2^53 fen
// still parse and print exactly. Pure functions (no i18n import) so the unit tests run in plain node.

/** A fen amount: a JSON integer as the API sends it, or exactly as a bigint or a string of digits. */
export type Fen = number | bigint | string;

/** The largest fen amount a JSON number carries exactly (2^53 − 1). */
export const MAX_EXACT_FEN = BigInt(Number.MAX_SAFE_INTEGER);

// An optional minus, the whole yuan (plain digits or grouped by threes with commas), up to two decimals.
const YUAN = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Yuan as typed → exact fen: "1,234.5" → 123450n, "-0.07" → -7n, "12000" → 1200000n. White space is
 * ignored and a full-width comma "，" groups like ",". Undefined for anything else: more than two
 * decimals ("1.005"), exponents ("1e3"), misplaced grouping ("1,23"), empty text, letters.
 */
export function parseYuan(text: string): bigint | undefined {
  const match = YUAN.exec(text.replace(/\s+/g, '').replace(/，/g, ','));
  if (!match) return undefined;
  const [, minus, whole = '', decimals = ''] = match;
  const fen = BigInt(whole.replace(/,/g, '')) * 100n + BigInt(decimals.padEnd(2, '0'));
  return minus ? -fen : fen;
}

/**
 * A form's yuan value → integer fen for an API body. A number (antd InputNumber) is read by its shortest
 * decimal text (19.99 → "19.99" → 1999), so 0.1 + 0.2 (0.30000000000000004) is refused rather than
 * rounded. Undefined when empty, not an amount, negative (unless allowed) or beyond MAX_EXACT_FEN.
 */
export function yuanToFen(
  value: string | number | null | undefined,
  { allowNegative = false }: { allowNegative?: boolean } = {},
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const fen = parseYuan(typeof value === 'number' ? String(value) : value);
  if (fen === undefined) return undefined;
  if (fen < 0n && !allowNegative) return undefined;
  if (fen > MAX_EXACT_FEN || fen < -MAX_EXACT_FEN) return undefined;
  return Number(fen);
}

function toBigInt(fen: Fen): bigint {
  if (typeof fen === 'bigint') return fen;
  if (typeof fen === 'number') {
    if (!Number.isInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
    return BigInt(fen);
  }
  if (!/^-?\d+$/.test(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
  return BigInt(fen);
}

/** Fen → yuan with grouping and two decimals: 123450 → "1,234.50", -7 → "-0.07", 0 → "0.00". */
export function formatYuan(fen: Fen): string {
  const value = toBigInt(fen);
  const magnitude = value < 0n ? -value : value;
  const whole = (magnitude / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (magnitude % 100n).toString().padStart(2, '0');
  return `${value < 0n ? '-' : ''}${whole}.${cents}`;
}

/** Fen → the plain yuan text a form field starts with: 123450 → "1234.50" (no grouping). */
export function fenToYuanText(fen: Fen): string {
  return formatYuan(fen).replace(/,/g, '');
}

/**
 * Fen → the amount as shown, in the page's language: 150000000 → "¥1,500,000.00" (zh-CN) or
 * "CNY 1,500,000.00" (en-US); -7 → "-¥0.07"; null or undefined → "—".
 */
export function formatMoney(fen: Fen | null | undefined, language: string): string {
  if (fen === null || fen === undefined) return '—';
  const text = formatYuan(fen);
  const negative = text.startsWith('-');
  const currency = language === 'zh-CN' ? '¥' : 'CNY ';
  return `${negative ? '-' : ''}${currency}${negative ? text.slice(1) : text}`;
}
