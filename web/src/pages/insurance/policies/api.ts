// Policy API calls (types generated from api/openapi.json) and the money and share formats the
// insurance pages share: the server speaks integer fen and basis points.
import { api, request, type Schemas } from '../../../api/client';
import { currentLanguage } from '../../../i18n';

export type Policy = Schemas['Policy'];
export type Endorsement = Schemas['Endorsement'];

export const listPolicies = (cursor?: string) =>
  request(api.GET('/api/v1/policies', { params: { query: cursor ? { cursor } : {} } }));
export const getPolicy = (id: number) => request(api.GET('/api/v1/policies/{id}', { params: { path: { id } } }));
export const listEndorsements = (id: number) =>
  request(api.GET('/api/v1/policies/{id}/endorsements', { params: { path: { id } } }));

/** 150000000 → "¥1,500,000.00" (zh-CN) or "CNY 1,500,000.00" (en-US). */
export function formatFen(fen: number | null | undefined): string {
  if (fen == null) return '—';
  const lang = currentLanguage();
  const text = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(fen / 100);
  return lang === 'zh-CN' ? `¥${text}` : `CNY ${text}`;
}

/** 6000 → "60%"; 11400 (a factor) → "× 1.14". */
export const formatShare = (bp: number) => `${bp / 100}%`;
export const formatFactor = (bp: number | null | undefined) => (bp == null ? '—' : `× ${(bp / 10000).toFixed(4)}`);
