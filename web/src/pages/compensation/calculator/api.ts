// The calculator page's API calls (types generated from api/openapi.json) and money conversion:
// the server speaks integer fen, the form yuan with two decimals.
import { api, request, type Schemas } from '../../../api/client';
import { currentLanguage } from '../../../i18n';

export type CompensationInput = Schemas['CompensationInput'];
export type Calculation = Schemas['CompensationCalculation'];
export type CalculationLine = Schemas['CompensationLine'];
export type SavedCalculation = Schemas['SavedCompensationCalculation'];
export type Parameters = Schemas['CompensationParameters'];

export const getParameters = () => request(api.GET('/api/v1/compensation/parameters'));
export const calculate = (body: CompensationInput) => request(api.POST('/api/v1/compensation/calculate', { body }));
export const saveCalculation = (case_id: number, label: string, input: CompensationInput) =>
  request(api.POST('/api/v1/compensation/calculations', { body: { case_id, label, input } }));
export const listCalculations = (case_id: number) =>
  request(api.GET('/api/v1/compensation/calculations', { params: { query: { case_id } } }));

/** Yuan from the form → integer fen (rounded to the fen); empty → undefined. */
export function toFen(yuan: number | null | undefined): number | undefined {
  if (yuan == null || !Number.isFinite(yuan)) return undefined;
  return Math.round(yuan * 100);
}

/** 109708000 → "¥1,097,080.00" (zh-CN) or "CNY 1,097,080.00" (en-US). */
export function formatFen(fen: number | null | undefined): string {
  if (fen == null) return '—';
  const lang = currentLanguage();
  const text = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(fen / 100);
  return lang === 'zh-CN' ? `¥${text}` : `CNY ${text}`;
}

/** 7500 → "75%". */
export const formatBp = (bp: number) => `${bp / 100}%`;
