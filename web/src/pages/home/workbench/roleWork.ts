// What each role's home page will show once the module that owns the work lands. These are labelled
// placeholders (i18n keys), never numbers: the real counts arrive with each module's API.
export const ROLE_WORK: Record<string, string[]> = {
  platform_admin: ['home.work.platform_admin.products', 'home.work.platform_admin.parameters', 'home.work.platform_admin.keys'],
  medical_officer: [
    'home.work.medical_officer.complaints',
    'home.work.medical_officer.deadlines',
    'home.work.medical_officer.compliance',
    'home.work.medical_officer.risk',
  ],
  clinician: ['home.work.clinician.policy', 'home.work.clinician.witnessing', 'home.work.clinician.incidents'],
  patient: ['home.work.patient.cases', 'home.work.patient.claims', 'home.work.patient.visit_policies', 'home.work.patient.legal_aid'],
  underwriter: ['home.work.underwriter.quotes', 'home.work.underwriter.renewals', 'home.work.underwriter.compliance'],
  adjuster: ['home.work.adjuster.notices', 'home.work.adjuster.deadlines', 'home.work.adjuster.payments'],
  actuary: ['home.work.actuary.triangles', 'home.work.actuary.reserves', 'home.work.actuary.solvency'],
  mediator: ['home.work.mediator.acceptance', 'home.work.mediator.sessions', 'home.work.mediator.agreements'],
  lawyer: ['home.work.lawyer.requests', 'home.work.lawyer.documents', 'home.work.lawyer.hearings'],
  expert: ['home.work.expert.panels', 'home.work.expert.opinions', 'home.work.expert.delphi'],
  regulator: ['home.work.regulator.compliance', 'home.work.regulator.statistics', 'home.work.regulator.overdue'],
};
