// Calls of the incident pages (医疗质量安全事件, GET|POST /api/v1/incidents…, src/modules/incidents/README.md).
// The anonymous reporter's token is sent in a POST body, never in a URL.
import { api, request, type Schemas } from '../../api/client';

export type Incident = Schemas['Incident'];
export type IncidentListItem = Schemas['IncidentListItem'];
export type IncidentParameters = Schemas['IncidentParameters'];
export type IncidentSummary = Schemas['IncidentSummary'];
export type IncidentTokenView = Schemas['IncidentTokenView'];
export type NewIncident = Schemas['NewIncident'];
export type IncidentRca = Schemas['IncidentRca'];
export type NamedItem = Schemas['IncidentNamedItem'];

export const INCIDENT_STATES = ['reported', 'under_review', 'root_cause_analysis', 'actions', 'closed'] as const;
export const SEVERITY_CLASSES = ['general', 'major', 'extraordinary'] as const;

const path = (id: number) => ({ params: { path: { id } } });
const cursorId = (cursor?: string) => (cursor === undefined ? undefined : Number(cursor));

export interface IncidentQuery {
  state?: (typeof INCIDENT_STATES)[number];
  severity_class?: (typeof SEVERITY_CLASSES)[number];
  overdue?: boolean;
  case_id?: number;
}

export const incidentParameters = () => request(api.GET('/api/v1/incidents/parameters'));
export const listIncidents = (query: IncidentQuery, cursor?: string) =>
  request(api.GET('/api/v1/incidents', { params: { query: { ...query, overdue: query.overdue || undefined, cursor: cursorId(cursor), limit: 50 } } }));
export const incidentSummary = () => request(api.GET('/api/v1/incidents/summary'));
export const getIncident = (id: number) => request(api.GET('/api/v1/incidents/{id}', path(id)));
export const reportIncident = (body: NewIncident) => request(api.POST('/api/v1/incidents', { body }));
export const moveIncident = (id: number, action: Schemas['IncidentTransition']['action']) =>
  request(api.POST('/api/v1/incidents/{id}/transitions', { ...path(id), body: { action } }));
export const recordRca = (id: number, body: IncidentRca) => request(api.POST('/api/v1/incidents/{id}/rca', { ...path(id), body }));
export const actionOwners = () => request(api.GET('/api/v1/incidents/owners'));
export const addAction = (id: number, body: Schemas['NewIncidentAction']) =>
  request(api.POST('/api/v1/incidents/{id}/actions', { ...path(id), body }));
export const setActionStatus = (id: number, actionId: number, status: 'open' | 'done') =>
  request(api.POST('/api/v1/incidents/{id}/actions/{action_id}', { params: { path: { id, action_id: actionId } }, body: { status } }));
export const reportToAuthority = (id: number, body: Schemas['IncidentAuthorityReportInput']) =>
  request(api.POST('/api/v1/incidents/{id}/authority-report', { ...path(id), body }));
export const linkCase = (id: number, caseId: number) =>
  request(api.POST('/api/v1/incidents/{id}/links', { ...path(id), body: { case_id: caseId } }));
export const postMessage = (id: number, body: string) =>
  request(api.POST('/api/v1/incidents/{id}/messages', { ...path(id), body: { body } }));
export const readByToken = (token: string) => request(api.POST('/api/v1/incidents/by-token', { body: { token } }));
export const writeByToken = (token: string, body: string) =>
  request(api.POST('/api/v1/incidents/by-token/messages', { body: { token, body } }));

/** The catalogue item's name in the UI language. */
export const nameOf = (items: NamedItem[] | undefined, id: string, language: string) => {
  const item = items?.find((i) => i.id === id);
  if (!item) return id;
  return language === 'en-US' ? item['en-US'] : item['zh-CN'];
};
