// Calls of the consent centre (数据授权): the patient's grants, grant, revoke, the access log, and the
// purposes, data kinds and organizations the form offers (GET|POST /api/v1/consents…, src/modules/consent/README.md).
import { api, request, type Schemas } from '../../api/client';

export type Consent = Schemas['Consent'];
export type NewConsent = Schemas['NewConsent'];
export type ConsentAccess = Schemas['ConsentAccess'];
export type ConsentPurposes = Schemas['ConsentPurposes'];
export type ConsentParty = Schemas['ConsentParties']['items'][number];

// api/openapi.json types the consent lists' `cursor` query as an integer (the id next_cursor names).
const cursorId = (cursor?: string) => (cursor === undefined ? undefined : Number(cursor));

export const listGrants = (cursor?: string) =>
  request(api.GET('/api/v1/consents', { params: { query: { cursor: cursorId(cursor), limit: 100 } } }));
export const grantConsent = (body: NewConsent) => request(api.POST('/api/v1/consents', { body }));
export const revokeConsent = (id: number) =>
  request(api.POST('/api/v1/consents/{id}/revoke', { params: { path: { id } } }));
export const listAccess = (cursor?: string) =>
  request(api.GET('/api/v1/consent/access-log', { params: { query: { cursor: cursorId(cursor), limit: 20 } } }));
export const getPurposes = () => request(api.GET('/api/v1/consent/purposes'));
export const listParties = () => request(api.GET('/api/v1/consent/parties'));
