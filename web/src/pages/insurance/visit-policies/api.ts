// Calls of the visit-policy page: the signed-in user's per-visit micro-policies (patient: their own;
// medical officer: the institution's), newest first with a cursor.
import { api, request, type Schemas } from '../../../api/client';

export type VisitPolicy = Schemas['VisitPolicy'];

export const listVisitPolicies = (cursor?: string) =>
  request(api.GET('/api/v1/visit-policies', { params: { query: { cursor, limit: 50 } } }));
