// The one place that talks to the MedRisk API. Every page calls `request(api.GET(...))`:
// the session cookie rides along, Accept-Language follows the UI language, any error becomes an
// ApiError whose message is localized by its problem+json `code`, and a 401 sends the user to log in.
import createClient from 'openapi-fetch';
import type { TFunction } from 'i18next';
import i18n, { currentLanguage } from '../i18n';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type Violation = NonNullable<Problem['violations']>[number];

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

api.use({
  onRequest({ request }) {
    request.headers.set('Accept-Language', currentLanguage());
    request.headers.set('Accept', 'application/json, application/problem+json');
    return request;
  },
});

/** An API or network failure; `code` is the stable problem+json code (or a client-side one). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string | undefined;
  readonly violations: Violation[];
  readonly requestId: string | undefined;

  constructor(status: number, code: string, title?: string, violations: Violation[] = [], requestId?: string) {
    super(`${status} ${code}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.title = title;
    this.violations = violations;
    this.requestId = requestId;
  }
}

type UnauthorizedHandler = () => void;
let unauthorizedHandler: UnauthorizedHandler = () => {
  const next = encodeURIComponent(window.location.pathname + window.location.search);
  window.location.assign(`/login?next=${next}`);
};

/** The router installs a handler so that a 401 navigates without a page reload. */
export function onUnauthorized(handler: UnauthorizedHandler): void {
  unauthorizedHandler = handler;
}

export interface RequestOptions {
  /** false for the login call and for the session probe, which handle 401 themselves. */
  redirectOn401?: boolean;
}

type Result<D> = { data?: D; error?: unknown; response: Response };

/** Awaits an openapi-fetch call; returns its data or throws an ApiError. */
export async function request<D>(call: Promise<Result<D>>, options: RequestOptions = {}): Promise<D> {
  let result: Result<D>;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, 'network_error');
  }
  const { response } = result;
  if (response.ok) return result.data as D;
  const error = toApiError(response.status, result.error);
  if (response.status === 401 && options.redirectOn401 !== false) unauthorizedHandler();
  throw error;
}

const CODE_PATTERN = /^[a-z][a-z0-9_]*$/;

function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const problem = body as Partial<Problem>;
    const code = typeof problem.code === 'string' && CODE_PATTERN.test(problem.code) ? problem.code : fallbackCode(status);
    const title = typeof problem.title === 'string' ? problem.title : undefined;
    const violations = Array.isArray(problem.violations)
      ? problem.violations.filter((v): v is Violation => !!v && typeof v.field === 'string' && typeof v.code === 'string')
      : [];
    return new ApiError(status, code, title, violations, typeof problem.request_id === 'string' ? problem.request_id : undefined);
  }
  return new ApiError(status, fallbackCode(status));
}

function fallbackCode(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'too_many_requests';
  if (status >= 500) return 'server_error';
  return 'unexpected_response';
}

/** A server title is shown only when it reads like a sentence, never when it looks like JSON or a key. */
function usableTitle(title: string | undefined): string | undefined {
  if (!title) return undefined;
  const trimmed = title.trim();
  if (!trimmed || trimmed.length > 200) return undefined;
  if (/^[[{]/.test(trimmed) || /^[a-z_]+(\.[a-z_]+)+$/.test(trimmed)) return undefined;
  return trimmed;
}

/** The localized message for any thrown value: errors.<code>, else the server's title, else generic. */
export function errorMessage(error: unknown, t: TFunction = i18n.t): string {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    if (i18n.exists(key)) return t(key);
    const title = usableTitle(error.title);
    if (title) return title;
    return t('errors.generic', { status: error.status });
  }
  return t('errors.generic_client');
}

/** Localized messages per field of a 400 request_invalid (codes share the errors.* keys); unknown codes
 * use the server's localized message. */
export function violationMessages(error: unknown, t: TFunction = i18n.t): Array<{ field: string; message: string }> {
  if (!(error instanceof ApiError)) return [];
  return error.violations.map((v) => {
    const key = `errors.${v.code}`;
    const message = i18n.exists(key) ? t(key) : (usableTitle(v.message) ?? t('errors.field_invalid'));
    // The server names fields by JSON pointer ("/display_name", "/items/0/amount_fen").
    const field = v.field.replace(/^\//, '').replace(/\//g, '.');
    return { field, message };
  });
}
