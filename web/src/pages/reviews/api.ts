// Calls of the evaluation pages (医疗评价, src/modules/reviews/README.md): the aspects, a patient's
// review and their own list, the moderated list and aggregates of hospitals and the regulator, the
// moderation queue, and the medical affairs office's outreach tasks.
import { api, request, type Schemas } from '../../api/client';

export type Review = Schemas['Review'];
export type ReviewAspects = Schemas['ReviewAspects'];
export type ReviewAggregate = Schemas['ReviewAggregate'];
export type AggregateCell = Schemas['ReviewAggregateCell'];
export type Outreach = Schemas['ReviewOutreach'];
export type NewReview = Schemas['NewReview'];

const PAGE_SIZE = 50;

export const getAspects = () => request(api.GET('/api/v1/reviews/aspects'));
export const createReview = (body: NewReview) => request(api.POST('/api/v1/reviews', { body }));
export const listReviews = (
  query: { moderation_state?: 'none' | 'published' | 'held' | 'rejected'; department?: string; institution_id?: number },
  cursor?: string,
) => request(api.GET('/api/v1/reviews', { params: { query: { ...query, cursor, limit: PAGE_SIZE } } }));
export const getAggregates = (by: 'department' | 'month' | 'institution', institutionId?: number) =>
  request(api.GET('/api/v1/reviews/aggregates', { params: { query: { by, institution_id: institutionId } } }));
export const moderateReview = (id: number, body: Schemas['ReviewModeration']) =>
  request(api.POST('/api/v1/reviews/{id}/moderation', { params: { path: { id } }, body }));
export const listOutreach = (state: Outreach['state'] | undefined, cursor?: string) =>
  request(api.GET('/api/v1/review-outreach', { params: { query: { state, cursor, limit: PAGE_SIZE } } }));
export const actOnOutreach = (id: number, body: Schemas['ReviewOutreachAction']) =>
  request(api.POST('/api/v1/review-outreach/{id}/actions', { params: { path: { id } }, body }));

/** The label of an aspect (or "overall") in the UI language. */
export function aspectLabel(aspects: ReviewAspects | null, key: string, language: string): string {
  if (!aspects) return key;
  const a = key === aspects.overall.key ? aspects.overall : aspects.aspects.find((x) => x.key === key);
  if (!a) return key;
  return language === 'en-US' ? a['en-US'] : a['zh-CN'];
}
export type ReviewPage = Schemas['ReviewPage'];
export type OutreachPage = Schemas['ReviewOutreachPage'];
