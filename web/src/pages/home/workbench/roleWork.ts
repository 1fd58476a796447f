// Which cards each role's home page shows (renderers in ../dashboard/cards.tsx), in order, after the
// role's key figures. Every card shows live figures of a module's summary endpoint.
//
// Cards of other modules go in EXTRA_ROLE_CARDS below: the incidents card and the risk card.
import type { ComponentType } from 'react';
import IncidentsSummaryCard from '../../incidents/IncidentsSummaryCard';
import RiskRatesCard from '../../risk/RiskRatesCard';

export type CardId =
  | 'complaints_due'
  | 'cases_due'
  | 'cases_by_state'
  | 'claims_due'
  | 'claims_by_state'
  | 'reserves'
  | 'portfolio'
  | 'cover'
  | 'policies_by_status'
  | 'compliance'
  | 'regions'
  | 'visit_policies'
  | 'organizations'
  | 'panels'
  | 'rounds';

export const ROLE_CARDS: Record<string, CardId[]> = {
  platform_admin: ['organizations'],
  medical_officer: ['complaints_due', 'cases_due', 'cover', 'compliance', 'cases_by_state', 'claims_by_state'],
  clinician: ['cover'],
  patient: ['cases_due', 'cases_by_state', 'claims_by_state', 'visit_policies'],
  underwriter: ['policies_by_status', 'cover'],
  adjuster: ['claims_due', 'reserves', 'portfolio', 'claims_by_state', 'cases_due'],
  actuary: ['portfolio', 'reserves', 'claims_by_state'],
  mediator: ['cases_due', 'cases_by_state'],
  lawyer: ['cases_due', 'cases_by_state'],
  expert: ['panels', 'rounds'],
  regulator: ['regions', 'compliance', 'cases_by_state', 'claims_by_state'],
};

// Cards other modules ship (self-contained: each fetches its own module's figures), per role, shown
// after ROLE_CARDS'.
export const EXTRA_ROLE_CARDS: Record<string, ComponentType[]> = {
  medical_officer: [IncidentsSummaryCard, RiskRatesCard],
  clinician: [IncidentsSummaryCard],
  regulator: [IncidentsSummaryCard, RiskRatesCard],
};
