// Quote and bind API calls for the quote page (types generated from api/openapi.json).
import { api, request, type Schemas } from '../../../api/client';

export type NewQuote = Schemas['NewQuote'];
export type Quote = Schemas['Quote'];
export type BindRequest = Schemas['BindRequest'];

export const createQuote = (body: NewQuote) => request(api.POST('/api/v1/quotes', { body }));
export const bindQuote = (body: BindRequest) => request(api.POST('/api/v1/policies', { body }));

/** The limits and deductibles of data/rating/liability-2026-01.json (fen). */
export const LIMIT_OPTIONS = [30000000, 50000000, 100000000, 150000000];
export const DEDUCTIBLE_OPTIONS = [0, 100000, 500000, 1000000];
