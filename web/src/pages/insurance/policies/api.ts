// Policy API calls (types generated from api/openapi.json) and the share formats the insurance pages
// share: the server speaks basis points (money is integer fen, formatted by components/format).
import { api, request, type Schemas } from '../../../api/client';

export type Policy = Schemas['Policy'];
export type Endorsement = Schemas['Endorsement'];

export const listPolicies = (cursor?: string) =>
  request(api.GET('/api/v1/policies', { params: { query: cursor ? { cursor } : {} } }));
export const getPolicy = (id: number) => request(api.GET('/api/v1/policies/{id}', { params: { path: { id } } }));
export const listEndorsements = (id: number) =>
  request(api.GET('/api/v1/policies/{id}/endorsements', { params: { path: { id } } }));

/** 6000 → "60%"; 11400 (a factor) → "× 1.14". */
export const formatShare = (bp: number) => `${bp / 100}%`;
export const formatFactor = (bp: number | null | undefined) => (bp == null ? '—' : `× ${(bp / 10000).toFixed(4)}`);
