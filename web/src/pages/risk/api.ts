// The risk pages' API calls (generated types from api/openapi.json) and number formatting.
import { api, request, type Schemas } from '../../api/client';
import { currentLanguage } from '../../i18n';

export type RiskRates = Schemas['RiskRates'];
export type RiskRateRow = RiskRates['items'][number];
export type RiskProvinceRow = RiskRates['province_rows'][number];
export type RiskClinicianHistory = Schemas['RiskClinicianHistory'];
export type RiskImport = Schemas['RiskImport'];

export const MEASURES = ['complaints', 'cases', 'claims', 'claims_incurred', 'incidents'] as const;
export type Measure = (typeof MEASURES)[number];

export interface RatesFilter {
  level: 'department' | 'institution';
  from?: string;
  to?: string;
}

export const rates = (f: RatesFilter) =>
  request(api.GET('/api/v1/risk/rates', { params: { query: { level: f.level, from: f.from || undefined, to: f.to || undefined } } }));
export const clinicianHistory = (id: number, from?: string, to?: string) =>
  request(api.GET('/api/v1/risk/clinicians/{id}/history', { params: { path: { id }, query: { from: from || undefined, to: to || undefined } } }));
export const imports = () => request(api.GET('/api/v1/risk/imports', { params: { query: { limit: 10 } } }));

/** A number with the locale's grouping and `digits` decimals; "—" when missing. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** Incurred amounts are fen: shown in yuan. */
export function formatMeasure(measure: Measure, value: number | null | undefined, digits = 2): string {
  if (value == null) return '—';
  return measure === 'claims_incurred' ? formatNumber(value / 100, digits) : formatNumber(value, digits);
}

/** The province row of a department ('' at institution level). */
export function provinceOf(report: RiskRates, department: string): RiskProvinceRow | undefined {
  return report.province_rows.find((p) => (p.department ?? '') === department);
}
