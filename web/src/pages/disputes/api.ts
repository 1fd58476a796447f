// Calls of the disputes pages: complaints, cases, their timeline, materials and transitions.
import { api, request, type Schemas } from '../../api/client';
import { fetchAll } from '../../components/useCursorList';

export type DisputeCase = Schemas['DisputeCase'];
export type Complaint = Schemas['Complaint'];
export type CaseEvent = Schemas['CaseEvent'];
export type Materials = Schemas['Materials'];
export type CaseTransition = Schemas['CaseTransition'];

export const listInstitutions = () => request(api.GET('/api/v1/complaints/institutions'));
export const fileComplaint = (body: Schemas['NewComplaint']) => request(api.POST('/api/v1/complaints', { body }));
/** Rows per page of the complaint and case lists (the server's maximum is 100). */
export const PAGE_SIZE = 100;

export const listComplaints = (state?: string, cursor?: string) =>
  request(api.GET('/api/v1/complaints', { params: { query: { state, cursor, limit: PAGE_SIZE } } }));
export const actOnComplaint = (id: number, body: Schemas['ComplaintAction']) =>
  request(api.POST('/api/v1/complaints/{id}/actions', { params: { path: { id } }, body }));
export const listCases = (state?: string, overdue?: boolean, cursor?: string) =>
  request(api.GET('/api/v1/cases', { params: { query: { state, overdue: overdue ? 'true' : undefined, cursor, limit: PAGE_SIZE } } }));
export const getCase = (id: number) => request(api.GET('/api/v1/cases/{id}', { params: { path: { id } } }));
/** The whole timeline of a case, every page. */
export const caseEvents = (id: number) =>
  fetchAll((cursor) => request(api.GET('/api/v1/cases/{id}/events', { params: { path: { id }, query: { cursor, limit: 500 } } })));
export const caseMaterials = (id: number) => request(api.GET('/api/v1/cases/{id}/materials', { params: { path: { id } } }));
export const transitionCase = (id: number, body: CaseTransition) =>
  request(api.POST('/api/v1/cases/{id}/transitions', { params: { path: { id } }, body }));
export const extendMediation = (id: number, body: Schemas['MediationExtension']) =>
  request(api.POST('/api/v1/cases/{id}/mediation-extensions', { params: { path: { id } }, body }));

/** Case actions each role may take, as the server's transition table says (src/modules/disputes/rules.cpp). */
export const ACTIONS_BY_ROLE: Record<string, CaseTransition['action'][]> = {
  mediator: ['accept', 'refuse', 'start_investigation', 'request_appraisal', 'finish_appraisal', 'start_mediation',
    'reach_agreement', 'fail_mediation'],
  medical_officer: ['accept', 'refuse', 'start_investigation', 'start_litigation', 'record_judgment', 'start_payment', 'close',
    'reopen'],
  adjuster: ['start_payment', 'close'],
  lawyer: ['start_litigation', 'record_judgment'],
  patient: ['withdraw', 'close', 'start_litigation', 'reopen'],
};

export const listConsents = (id: number) =>
  request(api.GET('/api/v1/cases/{id}/consent-grants', { params: { path: { id } } }));
export const changeConsent = (id: number, body: Schemas['ConsentChange']) =>
  request(api.POST('/api/v1/cases/{id}/consent-grants', { params: { path: { id } }, body }));
/** Uploads one file as the raw request body (the server checks type, leading bytes and the 10 MiB limit). */
export const uploadAttachment = (id: number, itemId: string, file: File) =>
  request(
    api.POST('/api/v1/cases/{id}/materials/{item_id}/attachments', {
      params: { path: { id, item_id: itemId }, query: { file_name: file.name } },
      body: file as unknown as string,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
    }),
  );

export type MediationSession = Schemas['MediationSession'];
export type Agreement = Schemas['Agreement'];
export type CaseDocument = Schemas['CaseDocument'];
const onCase = (id: number) => ({ params: { path: { id } } });
export const listSessions = (id: number) => request(api.GET('/api/v1/cases/{id}/mediation-sessions', onCase(id)));
export const addSession = (id: number, body: Schemas['NewMediationSession']) =>
  request(api.POST('/api/v1/cases/{id}/mediation-sessions', { ...onCase(id), body }));
export const getAgreement = (id: number) => request(api.GET('/api/v1/cases/{id}/agreement', onCase(id)));
export const draftAgreement = (id: number, body: Schemas['NewAgreement']) =>
  request(api.POST('/api/v1/cases/{id}/agreement', { ...onCase(id), body }));
export const signAgreement = (id: number, signature_text: string) =>
  request(api.POST('/api/v1/cases/{id}/agreement/signatures', { ...onCase(id), body: { signature_text } }));
export const requestLegalAid = (case_id: number, note: string) =>
  request(api.POST('/api/v1/legal-aid-requests', { body: note ? { case_id, note } : { case_id } }));
export const logConsultation = (id: number, summary: string) =>
  request(api.POST('/api/v1/cases/{id}/consultations', { ...onCase(id), body: { summary } }));
export const getDocument = (id: number, template: CaseDocument['template']) =>
  request(api.GET('/api/v1/cases/{id}/documents/{template}', { params: { path: { id, template } } }));
export const reportToHealthAuthority = (id: number, body: Schemas['HealthAuthorityReport']) =>
  request(api.POST('/api/v1/cases/{id}/health-authority-reports', { ...onCase(id), body }));

/** The legal-aid "1+3" documents (data/disputes/templates/templates.json). */
export const DOCUMENT_TEMPLATES: CaseDocument['template'][] = ['complaint_letter', 'mediation_application', 'statement_of_claim'];

