// The figures of the signed-in user's home page: each module's summary endpoint the user's permissions
// reach (deny by default on the server too), fetched once per visit. A figure the user may not read is
// simply not asked for.
import { useCallback, useEffect, useState } from 'react';
import { api, request, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';

export interface DashboardData {
  disputes?: Schemas['DisputesSummary'];
  claims?: Schemas['ClaimsSummary'];
  insurance?: Schemas['InsuranceSummary'];
  portfolio?: Schemas['ClaimsPortfolio'];
  visitPolicies?: Schemas['VisitPolicy'][];
  organizations?: Schemas['Organization'][];
  panels?: Schemas['Panel'][];
  rounds?: Schemas['DelphiRound'][];
}

export function useDashboard(): { data: DashboardData | undefined; error: unknown; reload: () => void } {
  const { has, me } = useAuth();
  const [data, setData] = useState<DashboardData>();
  const [error, setError] = useState<unknown>();
  const roles = me?.user.roles.join(',') ?? '';

  const load = useCallback(() => {
    setError(undefined);
    const calls: Array<Promise<Partial<DashboardData>>> = [];
    if (has('cases.read') || has('cases.read_own'))
      calls.push(request(api.GET('/api/v1/disputes/summary')).then((disputes) => ({ disputes })));
    if (has('claims.read') || has('claims.read_own') || has('cases.read'))
      calls.push(request(api.GET('/api/v1/claims/summary')).then((claims) => ({ claims })));
    if (has('policies.read') || has('policies.read_own'))
      calls.push(request(api.GET('/api/v1/insurance/summary')).then((insurance) => ({ insurance })));
    if (has('claims.read'))
      calls.push(request(api.GET('/api/v1/claims/portfolio', {})).then((portfolio) => ({ portfolio })));
    if (has('visit_policies.buy'))
      calls.push(
        request(api.GET('/api/v1/visit-policies', { params: { query: { limit: 50 } } })).then((p) => ({
          visitPolicies: p.items,
        })),
      );
    if (has('organizations.manage'))
      calls.push(
        request(api.GET('/api/v1/organizations', { params: { query: { limit: 200 } } })).then((p) => ({
          organizations: p.items,
        })),
      );
    if (has('appraisal.opine')) {
      calls.push(request(api.GET('/api/v1/panels', { params: { query: { limit: 50 } } })).then((p) => ({ panels: p.items })));
      calls.push(
        request(api.GET('/api/v1/delphi-rounds', { params: { query: { limit: 50 } } })).then((p) => ({ rounds: p.items })),
      );
    }
    Promise.all(calls)
      .then((parts) => setData(Object.assign({}, ...parts) as DashboardData))
      .catch(setError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [roles]);
  useEffect(load, [load]);
  return { data, error, reload: load };
}
