// The actuary page's API calls (generated types from api/openapi.json) and number formatting.
import { api, request, type Schemas } from '../../../api/client';
import { currentLanguage } from '../../../i18n';

export type ReservingRequest = Schemas['ReservingRequest'];
export type ReservingResult = Schemas['ReservingResult'];
export type AggregateRequest = Schemas['AggregateRequest'];
export type AggregateResult = Schemas['AggregateResult'];
export type Dataset = Schemas['Dataset'];
export type Triangle = Schemas['Triangle'];

export const listDatasets = () => request(api.GET('/api/v1/actuarial/datasets'));
export const reserve = (body: ReservingRequest) => request(api.POST('/api/v1/actuarial/reserving', { body }));
export const aggregateLoss = (body: AggregateRequest) => request(api.POST('/api/v1/actuarial/aggregate', { body }));

/** Whole amounts with the locale's grouping: 52,135. */
export function formatAmount(value: number | null | undefined, digits = 0): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** "0.7, 0.75" or "40000" → numbers; undefined when a part is not a number. */
export function parseNumbers(text: string | undefined): number[] | undefined {
  if (!text || !text.trim()) return [];
  const parts = text.split(/[,，\s]+/).filter(Boolean).map(Number);
  return parts.every((n) => Number.isFinite(n)) ? parts : undefined;
}
