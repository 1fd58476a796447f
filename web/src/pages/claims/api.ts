// Calls of the claims pages (理赔): list, one claim, its reserves, decision, approval, payments, events,
// and the insurer's portfolio (GET|POST /api/v1/claims…, src/modules/claims/README.md).
import { api, ApiError, request, type Schemas } from '../../api/client';
import { fetchAll } from '../../components/useCursorList';

export type Claim = Schemas['InsuranceClaim'];
export type ClaimDeadline = Schemas['ClaimDeadline'];
export type ClaimShare = Schemas['ClaimShare'];
export type Reserve = Schemas['ClaimReserve'];
export type NewPayment = Schemas['NewClaimPayment'];
export type Payment = Schemas['ClaimPayment'];
export type ClaimEvent = Schemas['ClaimEvent'];
export type PortfolioRow = Schemas['ClaimsPortfolio']['items'][number];

const path = (id: number) => ({ params: { path: { id } } });
// api/openapi.json types the claims lists' `cursor` query as an integer (the id next_cursor names).
const cursorId = (cursor?: string) => (cursor === undefined ? undefined : Number(cursor));

export const listClaims = (query: { state?: string; overdue?: boolean; case_id?: number; policy_id?: number }, cursor?: string) =>
  request(api.GET('/api/v1/claims', { params: { query: { ...query, overdue: query.overdue || undefined, cursor: cursorId(cursor), limit: 100 } } }));
export const getClaim = (id: number) => request(api.GET('/api/v1/claims/{id}', path(id)));
/** The whole timeline of a claim, every page. */
export const claimEvents = (id: number) =>
  fetchAll((cursor) => request(api.GET('/api/v1/claims/{id}/events', { params: { path: { id }, query: { cursor: cursorId(cursor), limit: 200 } } })));
export const listReserves = (id: number) => request(api.GET('/api/v1/claims/{id}/reserves', path(id)));
export const setReserve = (id: number, body: Schemas['NewClaimReserve']) =>
  request(api.POST('/api/v1/claims/{id}/reserves', { ...path(id), body }));
export const decide = (id: number, body: Schemas['ClaimDecision']) =>
  request(api.POST('/api/v1/claims/{id}/decision', { ...path(id), body }));
export const approveDecision = (id: number, body: Schemas['ClaimDecisionApproval']) =>
  request(api.POST('/api/v1/claims/{id}/decision/approval', { ...path(id), body }));
export const markMaterialsComplete = (id: number) => request(api.POST('/api/v1/claims/{id}/materials-complete', path(id)));
export const withdrawClaim = (id: number, reason: string) =>
  request(api.POST('/api/v1/claims/{id}/withdraw', { ...path(id), body: { reason } }));
export const listPayments = (id: number) => request(api.GET('/api/v1/claims/{id}/payments', path(id)));
/** The key identifies one submission of the form: sending the same submission again sends the same key. */
export const instructPayment = (id: number, body: NewPayment, idempotencyKey: string) =>
  request(api.POST('/api/v1/claims/{id}/payments', { params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey } }, body }));
export const retryPayment = (id: number, pid: number) =>
  request(api.POST('/api/v1/claims/{id}/payments/{pid}/retry', { params: { path: { id, pid } } }));
export const portfolio = (asOf?: string) =>
  request(api.GET('/api/v1/claims/portfolio', { params: { query: { as_of: asOf } } }));
export const fileVisitClaim = (body: { visit_policy_number: string; incident_date: string; notice_date: string }) =>
  request(api.POST('/api/v1/claims', { body }));

/** The claim of a case, or null when there is none or the viewer may not read it. */
export async function claimOfCase(caseId: number): Promise<Claim | null> {
  try {
    const page = await listClaims({ case_id: caseId });
    return page.items[0] ?? null;
  } catch (e) {
    if (e instanceof ApiError && e.status >= 400 && e.status < 500) return null;
    throw e;
  }
}

export const DENY_REASONS = ['not_covered_period', 'excluded_cause', 'no_liability_established', 'late_notice', 'not_insured_party'];
export const PARTIAL_REASONS = ['deductible_applied', 'limit_reached', 'partial_liability', 'items_not_covered'];
export const CLAIM_STATES = ['open', 'assessing', 'awaiting_approval', 'approved', 'paid', 'denied', 'withdrawn'];

/** A fresh key per submission of the payment form. */
export const newIdempotencyKey = (): string =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;

/** The earliest open deadline (not met) of a claim, for the list's "next deadline" column. */
export function nextDeadline(c: Claim): ClaimDeadline | undefined {
  return c.deadlines.filter((d) => !d.met_on).sort((a, b) => a.due.localeCompare(b.due))[0];
}

/** The payment deadline of a claim, else its decision deadline: what the patient waits for. */
export function paymentDeadline(c: Claim): ClaimDeadline | undefined {
  return c.deadlines.find((d) => d.id === 'insurer_payment_after_agreement') ?? c.deadlines.find((d) => d.id === 'insurer_decision');
}
