// Calls of the compliance dashboard: compulsory-cover obligations (regulator: its province; officer:
// its institution), filterable by status.
import { api, request, type Schemas } from '../../../api/client';

export type Obligation = Schemas['ComplianceObligation'];
export type ObligationStatus = Obligation['status'];

export const listCompliance = (status?: ObligationStatus, cursor?: string) =>
  request(api.GET('/api/v1/compliance', { params: { query: { status, cursor, limit: 200 } } }));
