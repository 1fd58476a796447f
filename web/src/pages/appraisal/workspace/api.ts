// The expert workspace's API calls (generated types from api/openapi.json).
import { api, request, type Schemas } from '../../../api/client';
import { fetchAll } from '../../../components/useCursorList';

export type Panel = Schemas['Panel'];
export type PanelView = Schemas['PanelView'];
export type Opinion = Schemas['Opinion'];
export type OpinionContent = Schemas['OpinionContent'];
export type DelphiRound = Schemas['DelphiRound'];
export type DelphiRoundView = Schemas['DelphiRoundView'];
export type DelphiAnswer = Schemas['DelphiAnswer'];
export type DelphiItemStatistics = Schemas['DelphiItemStatistics'];

/** Every panel the reader may see, every page. */
export const listPanels = () => fetchAll((cursor) => request(api.GET('/api/v1/panels', { params: { query: { cursor, limit: 100 } } })));
export const getPanel = (id: number) => request(api.GET('/api/v1/panels/{id}', { params: { path: { id } } }));
export const declinePanel = (id: number, expertId: number, reason: string) =>
  request(api.POST('/api/v1/panels/{id}/members/{expert_id}/decline', { params: { path: { id, expert_id: expertId } }, body: { reason } }));
export const listOpinions = (id: number) => request(api.GET('/api/v1/panels/{id}/opinions', { params: { path: { id } } }));
export const createOpinion = (id: number, body: OpinionContent) =>
  request(api.POST('/api/v1/panels/{id}/opinions', { params: { path: { id } }, body }));
export const updateOpinion = (id: number, body: OpinionContent) =>
  request(api.PUT('/api/v1/opinions/{id}', { params: { path: { id } }, body }));
export const signOpinion = (id: number) => request(api.POST('/api/v1/opinions/{id}/sign', { params: { path: { id } } }));
/** Every Delphi round the reader takes part in, every page. */
export const listRounds = () =>
  fetchAll((cursor) => request(api.GET('/api/v1/delphi-rounds', { params: { query: { cursor, limit: 100 } } })));
export const getRound = (id: number) => request(api.GET('/api/v1/delphi-rounds/{id}', { params: { path: { id } } }));
export const submitAnswers = (id: number, answers: DelphiAnswer[]) =>
  request(api.POST('/api/v1/delphi-rounds/{id}/responses', { params: { path: { id } }, body: { answers } }));

export const BREACHABLE_DUTIES = ['informed_consent', 'diagnosis', 'treatment', 'nursing', 'management'] as const;
export const CAUSATION_DEGREES = ['none', 'minor', 'secondary', 'equal', 'main', 'full'] as const;

/** 0.1237 → "0.124"; null → "—". */
export function formatStat(value: number | null | undefined, digits = 3): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}
