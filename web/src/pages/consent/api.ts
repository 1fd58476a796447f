// Calls of the consent centre (数据授权): the patient's grants, grant, revoke, the access log, and the
// purposes, data kinds, organizations and their members the form offers (GET|POST /api/v1/consents…,
// src/modules/consent/README.md). `patient` is set when a legal representative acts for the patient
// (?patient_user_id=…); the representations come from accounts (GET /api/v1/representations).
import { api, request, type Schemas } from '../../api/client';

export type Consent = Schemas['Consent'];
export type NewConsent = Schemas['NewConsent'];
export type ConsentAccess = Schemas['ConsentAccess'];
export type ConsentPurposes = Schemas['ConsentPurposes'];
export type ConsentParty = Schemas['ConsentParties']['items'][number];
export type ConsentPartyMember = Schemas['ConsentPartyMembers']['items'][number];
export type Representation = Schemas['Representation'];

// api/openapi.json types the consent lists' `cursor` query as an integer (the id next_cursor names).
const cursorId = (cursor?: string) => (cursor === undefined ? undefined : Number(cursor));

export const listGrants = (patient: number | undefined, cursor?: string) =>
  request(api.GET('/api/v1/consents', { params: { query: { cursor: cursorId(cursor), limit: 100, patient_user_id: patient } } }));
export const grantConsent = (patient: number | undefined, body: NewConsent) =>
  request(api.POST('/api/v1/consents', { params: { query: { patient_user_id: patient } }, body }));
export const revokeConsent = (patient: number | undefined, id: number) =>
  request(api.POST('/api/v1/consents/{id}/revoke', { params: { path: { id }, query: { patient_user_id: patient } } }));
export const listAccess = (patient: number | undefined, cursor?: string) =>
  request(api.GET('/api/v1/consent/access-log', { params: { query: { cursor: cursorId(cursor), limit: 20, patient_user_id: patient } } }));
export const getPurposes = () => request(api.GET('/api/v1/consent/purposes'));
export const listParties = () => request(api.GET('/api/v1/consent/parties'));
export const listPartyMembers = (id: number) =>
  request(api.GET('/api/v1/consent/parties/{id}/members', { params: { path: { id } } }));
export const listRepresentations = () => request(api.GET('/api/v1/representations'));
// The caller's own cases (the case a grant may be limited to).
export const listOwnCases = () => request(api.GET('/api/v1/cases', { params: { query: { limit: 100 } } }));
