// Calls of the claims pages (理赔): list, one claim, its reserves, decision, approval, payments, events,
// and the insurer's portfolio. Types follow /work/spec-claims.md until the OpenAPI document has them.
import { ApiError, request } from '../../api/client';
import { currentLanguage } from '../../i18n';

export interface ClaimDeadline {
  id: string;
  due: string;
  overdue: boolean;
  met_on?: string | null;
}
export interface ClaimShare {
  insurer_org_id: number;
  insurer_name: string;
  role: string;
  share_bp: number;
  payable_fen?: number | null;
  paid_fen: number;
}
export interface ClaimDecision {
  outcome: 'approve' | 'partial' | 'deny';
  amount_fen?: number | null;
  reason_codes: string[];
  note?: string | null;
  decided_by_user_id: number;
  decided_at: string;
  approved_by_user_id?: number | null;
}
export interface Claim {
  id: number;
  claim_number: string;
  state: string;
  source: string;
  policy_id: number;
  policy_number: string;
  product_code: string;
  insurer_org_id: number;
  insured_org_id?: number | null;
  case_id?: number | null;
  patient_user_id?: number | null;
  incident_date: string;
  notice_date: string;
  materials_complete_on?: string | null;
  agreed_amount_fen?: number | null;
  decision?: ClaimDecision | null;
  payable_fen?: number | null;
  outstanding_fen: number;
  paid_fen: number;
  in_flight_fen: number;
  incurred_fen: number;
  per_incident_limit_fen: number;
  deductible_fen: number;
  aggregate_limit_fen: number;
  aggregate_consumed_fen: number;
  remaining_limit_fen: number;
  shares: ClaimShare[];
  payee: string;
  deadlines: ClaimDeadline[];
  created_at: string;
}
export interface Reserve {
  amount_fen: number;
  previous_fen: number;
  reason: string;
  set_by?: number | null;
  set_at: string;
}
export interface BankAccount {
  holder: string;
  bank: string;
  number: string;
}
export interface NewPayment {
  kind: 'final' | 'advance';
  amount_fen: number;
  payee: 'patient' | 'institution';
  bank_account: BankAccount;
}
export interface Payment {
  id: number;
  claim_id: number;
  kind: string;
  amount_fen: number;
  payee: string;
  account_masked: string;
  state: 'instructed' | 'confirmed' | 'failed';
  attempt: number;
  reference: string;
  bank_transaction_id?: string | null;
  failure_reason?: string | null;
  created_at: string;
  confirmed_at?: string | null;
}
export interface ClaimEvent {
  id?: number;
  kind: string;
  from_state?: string | null;
  to_state?: string | null;
  at: string;
  details?: Record<string, unknown>;
}
export interface PortfolioRow {
  product_code: string;
  underwriting_year: number;
  policies: number;
  written_premium_fen: number;
  earned_premium_fen: number;
  open_claims: number;
  outstanding_fen: number;
  paid_fen: number;
  incurred_fen: number;
  loss_ratio_bp: number | null;
}
interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

type Query = Record<string, string | number | boolean | undefined>;

/** One JSON call through the shared `request` (so errors are localized the same way as everywhere). */
function call<D>(method: string, path: string, options: { query?: Query; body?: unknown; headers?: Record<string, string> } = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  const url = `/api/v1${path}${params.size ? `?${params.toString()}` : ''}`;
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLanguage(),
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const run = async () => {
    const response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return response.ok ? { data: json as D, response } : { error: json, response };
  };
  return request<D>(run());
}

export const listClaims = (query: { state?: string; overdue?: boolean; case_id?: number; policy_id?: number; after?: string }) =>
  call<Page<Claim>>('GET', '/claims', { query: { ...query, overdue: query.overdue ? 'true' : undefined, limit: 100 } });
export const getClaim = (id: number) => call<Claim>('GET', `/claims/${id}`);
export const claimEvents = (id: number) => call<Page<ClaimEvent>>('GET', `/claims/${id}/events`);
export const listReserves = (id: number) => call<Page<Reserve>>('GET', `/claims/${id}/reserves`);
export const setReserve = (id: number, body: { amount_fen: number; reason: string }) =>
  call<Reserve>('POST', `/claims/${id}/reserves`, { body });
export const decide = (id: number, body: { outcome: string; amount_fen?: number; reason_codes: string[]; note?: string }) =>
  call<Claim>('POST', `/claims/${id}/decision`, { body });
export const approveDecision = (id: number, body: { approve: boolean; note?: string }) =>
  call<Claim>('POST', `/claims/${id}/decision/approval`, { body });
export const markMaterialsComplete = (id: number) => call<Claim>('POST', `/claims/${id}/materials-complete`, { body: {} });
export const withdrawClaim = (id: number, reason: string) => call<Claim>('POST', `/claims/${id}/withdraw`, { body: { reason } });
export const listPayments = (id: number) => call<Page<Payment>>('GET', `/claims/${id}/payments`);
/** The key identifies one submission of the form: a retry of the same submission sends the same key. */
export const instructPayment = (id: number, body: NewPayment, idempotencyKey: string) =>
  call<Payment>('POST', `/claims/${id}/payments`, { body, headers: { 'Idempotency-Key': idempotencyKey } });
export const retryPayment = (id: number, paymentId: number) =>
  call<Payment>('POST', `/claims/${id}/payments/${paymentId}/retry`, { body: {} });
export const portfolio = (asOf?: string) => call<{ items: PortfolioRow[]; as_of?: string }>('GET', '/claims/portfolio', { query: { as_of: asOf } });
export const fileVisitClaim = (body: { visit_policy_number: string; incident_date: string; notice_date: string }) =>
  call<Claim>('POST', '/claims', { body });

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

/** ¥ in yuan (as typed, up to 2 decimals) → integer fen without floating-point drift. */
export function yuanToFen(yuan: number | string | null | undefined): number | null {
  if (yuan === null || yuan === undefined || yuan === '') return null;
  const text = typeof yuan === 'number' ? yuan.toFixed(2) : yuan.trim();
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** A fresh key per submission of the payment form. */
export const newIdempotencyKey = (): string =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;

/** The earliest open deadline (not met) of a claim, for the list's "next deadline" column. */
export function nextDeadline(c: Claim): ClaimDeadline | undefined {
  return c.deadlines.filter((d) => !d.met_on).sort((a, b) => a.due.localeCompare(b.due))[0];
}
