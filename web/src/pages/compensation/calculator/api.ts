// The calculator page's API calls (types generated from api/openapi.json) and the share format; money
// (fen on the wire, yuan in the form) converts through lib/money.
import { api, request, type Schemas } from '../../../api/client';
import { fetchAll } from '../../../components/useCursorList';

export type CompensationInput = Schemas['CompensationInput'];
export type Calculation = Schemas['CompensationCalculation'];
export type CalculationLine = Schemas['CompensationLine'];
export type SavedCalculation = Schemas['SavedCompensationCalculation'];
export type Parameters = Schemas['CompensationParameters'];

export const getParameters = () => request(api.GET('/api/v1/compensation/parameters'));
export const calculate = (body: CompensationInput) => request(api.POST('/api/v1/compensation/calculate', { body }));
export const saveCalculation = (case_id: number, label: string, input: CompensationInput) =>
  request(api.POST('/api/v1/compensation/calculations', { body: { case_id, label, input } }));
/** Every calculation saved against a case, every page. */
export const listCalculations = (case_id: number) =>
  fetchAll((cursor) => request(api.GET('/api/v1/compensation/calculations', { params: { query: { case_id, cursor } } })));

/** 7500 → "75%". */
export const formatBp = (bp: number) => `${bp / 100}%`;
