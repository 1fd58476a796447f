// The home page's cards, one renderer per card id (roleWork.ts lists which cards each role sees). Each
// card shows live figures of a module's summary endpoint through ChartCard: a chart, the same figures as
// a table, and an Excel export written by the server. State names are always the localized ones.
import type { ReactNode } from 'react';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { TFunction } from 'i18next';
import ChartCard, { type ChartColumn, type ChartRow } from '../../../components/charts/ChartCard';
import { formatFen } from '../../../components/format';
import type { DashboardData } from './useDashboard';
import { regionName, REGIONS_SOURCE } from './regions';
import type { CardId } from '../workbench/roleWork';

export interface CardContext {
  data: DashboardData;
  t: TFunction;
  language: string;
}

const COLOR = '#0b6e99';
const OVERDUE = '#cf1322';

function barOption(labels: string[], series: Array<{ name: string; data: number[]; color?: string }>, money = false) {
  return {
    grid: { left: 8, right: 8, top: series.length > 1 ? 28 : 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? { top: 0 } : undefined,
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: money ? undefined : 1 },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: money ? s.data.map((v) => v / 100) : s.data,
      itemStyle: s.color ? { color: s.color } : undefined,
      barMaxWidth: 36,
    })),
    color: [COLOR, '#f5a623', OVERDUE, '#52c41a'],
  };
}

function pieOption(data: Array<{ name: string; value: number }>) {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data, label: { formatter: '{b}: {c}' } }],
    color: [COLOR, '#52c41a', '#f5a623', OVERDUE, '#722ed1'],
  };
}

function countsCard(
  id: string,
  title: string,
  counts: Record<string, number> | null | undefined,
  name: (state: string) => string,
  t: TFunction,
  pie = false,
): ReactNode {
  const entries = Object.entries(counts ?? {});
  const columns: ChartColumn[] = [
    { key: 'state', title: t('dashboard.col.state'), type: 'text' },
    { key: 'count', title: t('dashboard.col.count'), type: 'integer' },
  ];
  const rows: ChartRow[] = entries.map(([s, n]) => ({ state: name(s), count: n }));
  const option = pie
    ? pieOption(entries.map(([s, n]) => ({ name: name(s), value: n })))
    : barOption(entries.map(([s]) => name(s)), [{ name: t('dashboard.col.count'), data: entries.map(([, n]) => n) }]);
  return <ChartCard key={id} testId={`card-${id}`} title={title} columns={columns} rows={rows} option={option} />;
}

const overdueText = (overdue: boolean, t: TFunction) => (overdue ? t('dashboard.overdue') : t('dashboard.on_time'));
const percent = (num: number, den: number) => (den > 0 ? Math.round((num * 10000) / den) : null);

/** The key figures of a role, as statistics (testids figure-<key>). */
function Figures({ items }: { items: Array<{ key: string; title: string; value: ReactNode; danger?: boolean }> }) {
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="card-figures">
      <Row gutter={[16, 8]}>
        {items.map((f) => (
          <Col key={f.key} xs={12} md={8} xl={6}>
            <div data-testid={`figure-${f.key}`}>
              <Statistic
                title={f.title}
                value={f.value as string}
                valueStyle={{ fontSize: 20, color: f.danger ? OVERDUE : undefined }}
              />
            </div>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

type Figure = { key: string; title: string; value: ReactNode; danger?: boolean };

function figuresFor(role: string, { data, t }: CardContext): Figure[] {
  const d = data.disputes;
  const c = data.claims;
  const i = data.insurance;
  const out: Figure[] = [];
  const rate = (bp: number | null | undefined) => (bp === null || bp === undefined ? '—' : `${(bp / 100).toFixed(1)}%`);
  const add = (key: string, value: ReactNode, danger = false) => out.push({ key, title: t(`dashboard.figure.${key}`), value, danger });
  if (d?.complaints && (role === 'medical_officer' || role === 'patient')) {
    add('complaints_open', d.complaints.open);
    if (role === 'medical_officer') add('complaints_overdue', d.complaints.overdue, d.complaints.overdue > 0);
  }
  if (d && ['medical_officer', 'patient', 'mediator', 'lawyer', 'regulator', 'adjuster'].includes(role)) {
    add('cases_open', d.cases.open);
    if (role !== 'patient') add('cases_overdue', d.cases.overdue, d.cases.overdue > 0);
  }
  if (d && (role === 'mediator' || role === 'regulator')) {
    add('mediation_success', rate(d.cases.mediation_success_rate_bp));
    add('days_to_resolution', d.cases.average_days_to_resolution ?? '—');
  }
  if (c && ['adjuster', 'actuary', 'patient', 'regulator'].includes(role)) {
    add('claims_open', c.open);
    if (role !== 'patient') add('claims_overdue', c.overdue, c.overdue > 0);
    if (role === 'adjuster' || role === 'actuary') {
      add('outstanding', formatFen(c.outstanding_fen));
      add('paid', formatFen(c.paid_fen));
    }
  }
  if (i && ['medical_officer', 'clinician', 'underwriter', 'regulator'].includes(role)) {
    add('policies_in_force', i.in_force);
    if (role === 'underwriter') add('written_premium', formatFen(i.written_premium_fen));
    if (i.compliance_by_status && i.obligations > 0) add('compliance_rate', rate(percent(i.compliant, i.obligations)));
  }
  if (role === 'regulator' && c && i) {
    const premium = i.written_premium_fen;
    add('loss_ratio', rate(percent(c.incurred_fen, premium)));
  }
  if (data.visitPolicies && role === 'patient') add('visit_policies', data.visitPolicies.filter((p) => p.status === 'active').length);
  if (data.organizations && role === 'platform_admin') {
    add('organizations', data.organizations.length);
    add('institutions', data.organizations.filter((o) => o.kind === 'medical_institution').length);
    add('insurers', data.organizations.filter((o) => o.kind === 'insurer').length);
  }
  if (data.panels && role === 'expert') {
    add('panels', data.panels.length);
    add('rounds_open', (data.rounds ?? []).filter((r) => r.status === 'open').length);
  }
  return out;
}

export function renderFigures(role: string, ctx: CardContext): ReactNode {
  const items = figuresFor(role, ctx);
  return items.length > 0 ? <Figures key="figures" items={items} /> : null;
}

/** One card by id; null when the user's data does not include it. */
export function renderCard(id: CardId, ctx: CardContext): ReactNode {
  const { data, t, language } = ctx;
  const d = data.disputes;
  const c = data.claims;
  const i = data.insurance;
  switch (id) {
    case 'complaints_due': {
      if (!d?.complaints) return null;
      const columns: ChartColumn[] = [
        { key: 'id', title: t('dashboard.col.complaint'), type: 'text' },
        { key: 'department', title: t('dashboard.col.department'), type: 'text' },
        { key: 'due', title: t('dashboard.col.response_due'), type: 'text' },
        { key: 'overdue', title: t('dashboard.col.overdue'), type: 'text' },
      ];
      const rows = d.complaints.due_soon.map((x) => ({ id: `#${x.id}`, department: x.department, due: x.response_due, overdue: overdueText(x.overdue, t) }));
      return <ChartCard key={id} testId={`card-${id}`} title={t('dashboard.card.complaints_due')} columns={columns} rows={rows} />;
    }
    case 'cases_due': {
      if (!d) return null;
      const columns: ChartColumn[] = [
        { key: 'id', title: t('dashboard.col.case'), type: 'text' },
        { key: 'state', title: t('dashboard.col.state'), type: 'text' },
        { key: 'due', title: t('dashboard.col.due'), type: 'text' },
        { key: 'overdue', title: t('dashboard.col.overdue'), type: 'text' },
      ];
      const rows = d.cases.due_soon.map((x) => ({
        id: `#${x.id}`,
        state: t(`disputes.state.${x.state}`),
        due: x.due_on,
        overdue: overdueText(x.overdue, t),
      }));
      return <ChartCard key={id} testId={`card-${id}`} title={t('dashboard.card.cases_due')} columns={columns} rows={rows} />;
    }
    case 'cases_by_state':
      return d ? countsCard(id, t('dashboard.card.cases_by_state'), d.cases.by_state, (s) => t(`disputes.state.${s}`), t) : null;
    case 'claims_by_state':
      return c ? countsCard(id, t('dashboard.card.claims_by_state'), c.by_state, (s) => t(`claims.state.${s}`), t) : null;
    case 'policies_by_status':
      return i ? countsCard(id, t('dashboard.card.policies_by_status'), i.by_status, (s) => t(`insurance.statuses.${s}`), t, true) : null;
    case 'compliance':
      return i?.compliance_by_status
        ? countsCard(id, t('dashboard.card.compliance'), i.compliance_by_status, (s) => t(`insurance_visit.compliance.status.${s}`), t, true)
        : null;
    case 'claims_due': {
      if (!c) return null;
      const columns: ChartColumn[] = [
        { key: 'claim', title: t('dashboard.col.claim'), type: 'text' },
        { key: 'state', title: t('dashboard.col.state'), type: 'text' },
        { key: 'deadline', title: t('dashboard.col.deadline'), type: 'text' },
        { key: 'due', title: t('dashboard.col.due'), type: 'text' },
        { key: 'overdue', title: t('dashboard.col.overdue'), type: 'text' },
      ];
      const rows = c.due_soon.map((x) => ({
        claim: x.claim_number,
        state: t(`claims.state.${x.state}`),
        deadline: t(`claims.deadline.${x.deadline}`),
        due: x.due.slice(0, 10),
        overdue: overdueText(x.overdue, t),
      }));
      return <ChartCard key={id} testId={`card-${id}`} title={t('dashboard.card.claims_due')} columns={columns} rows={rows} />;
    }
    case 'reserves': {
      if (!c) return null;
      const columns: ChartColumn[] = [
        { key: 'figure', title: t('dashboard.col.figure'), type: 'text' },
        { key: 'amount', title: t('dashboard.col.amount'), type: 'money_fen' },
      ];
      const items: Array<[string, number]> = [
        [t('dashboard.figure.outstanding'), c.outstanding_fen],
        [t('dashboard.figure.paid'), c.paid_fen],
        [t('dashboard.figure.incurred'), c.incurred_fen],
      ];
      const rows = items.map(([figure, amount]) => ({ figure, amount }));
      const option = barOption(items.map(([f]) => f), [{ name: t('dashboard.col.amount'), data: items.map(([, a]) => a) }], true);
      return <ChartCard key={id} testId={`card-${id}`} title={t('dashboard.card.reserves')} columns={columns} rows={rows} option={option} />;
    }
    case 'portfolio': {
      const items = data.portfolio?.items;
      if (!items) return null;
      const columns: ChartColumn[] = [
        { key: 'group', title: t('dashboard.col.product_year'), type: 'text' },
        { key: 'policies', title: t('dashboard.col.policies'), type: 'integer' },
        { key: 'earned', title: t('dashboard.col.earned_premium'), type: 'money_fen' },
        { key: 'incurred', title: t('dashboard.col.incurred'), type: 'money_fen' },
        { key: 'loss_ratio', title: t('dashboard.col.loss_ratio'), type: 'percent_bp' },
      ];
      const rows = items.map((p) => ({
        group: `${t(`insurance.products.${p.product_code}`)} ${p.underwriting_year}`,
        policies: p.policies,
        earned: p.earned_premium_fen,
        incurred: p.incurred_fen,
        loss_ratio: p.loss_ratio_bp,
      }));
      const option = barOption(
        rows.map((r) => r.group),
        [
          { name: t('dashboard.col.earned_premium'), data: items.map((p) => p.earned_premium_fen) },
          { name: t('dashboard.col.incurred'), data: items.map((p) => p.incurred_fen) },
        ],
        true,
      );
      return <ChartCard key={id} testId={`card-${id}`} title={t('dashboard.card.portfolio')} columns={columns} rows={rows} option={option} />;
    }
    case 'cover': {
      if (!i) return null;
      const columns: ChartColumn[] = [
        { key: 'policy', title: t('dashboard.col.policy'), type: 'text' },
        { key: 'product', title: t('dashboard.col.product'), type: 'text' },
        { key: 'period_end', title: t('dashboard.col.period_end'), type: 'text' },
        { key: 'days_left', title: t('dashboard.col.days_left'), type: 'integer' },
      ];
      const rows = i.in_force_by_expiry.map((p) => ({
        policy: p.policy_number,
        product: t(`insurance.products.${p.product_code}`),
        period_end: p.period_end,
        days_left: p.days_left,
      }));
      return <ChartCard key={id} testId={`card-${id}`} title={t('dashboard.card.cover')} columns={columns} rows={rows} />;
    }
    case 'regions':
      return renderRegions(ctx);
    case 'visit_policies': {
      const list = data.visitPolicies;
      if (!list) return null;
      const columns: ChartColumn[] = [
        { key: 'policy', title: t('dashboard.col.policy'), type: 'text' },
        { key: 'visit_date', title: t('dashboard.col.visit_date'), type: 'text' },
        { key: 'department', title: t('dashboard.col.department'), type: 'text' },
        { key: 'status', title: t('dashboard.col.state'), type: 'text' },
        { key: 'sum_insured', title: t('dashboard.col.sum_insured'), type: 'money_fen' },
      ];
      const rows = list.map((p) => ({
        policy: p.policy_number,
        visit_date: p.visit_date,
        department: p.department,
        status: t(`insurance_visit.visit.status.${p.status}`),
        sum_insured: p.sum_insured_fen,
      }));
      return <ChartCard key={id} testId={`card-${id}`} title={t('dashboard.card.visit_policies')} columns={columns} rows={rows} />;
    }
    case 'organizations': {
      const orgs = data.organizations;
      if (!orgs) return null;
      const counts: Record<string, number> = {};
      for (const o of orgs) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
      return countsCard(id, t('dashboard.card.organizations'), counts, (k) => t(`accounts.org_kind.${k}`), t);
    }
    case 'panels': {
      const panels = data.panels;
      if (!panels) return null;
      const columns: ChartColumn[] = [
        { key: 'panel', title: t('dashboard.col.panel'), type: 'text' },
        { key: 'case', title: t('dashboard.col.case'), type: 'text' },
        { key: 'specialty', title: t('dashboard.col.specialty'), type: 'text' },
        { key: 'size', title: t('dashboard.col.size'), type: 'integer' },
      ];
      const rows = panels.map((p) => ({ panel: `#${p.id}`, case: `#${p.case_id}`, specialty: p.specialty, size: p.size }));
      return <ChartCard key={id} testId={`card-${id}`} title={t('dashboard.card.panels')} columns={columns} rows={rows} />;
    }
    case 'rounds': {
      const rounds = data.rounds;
      if (!rounds) return null;
      const counts: Record<string, number> = {};
      for (const r of rounds) counts[r.status] = (counts[r.status] ?? 0) + 1;
      return countsCard(id, t('dashboard.card.rounds'), counts, (s) => t(`appraisal.round_status.${s}`), t);
    }
    default:
      void language;
      return null;
  }
}

/** The regulator's table by region (GB/T 2260, names from data/accounts/regions.json): cases, mediation
 * success, days to resolution (disputes), compliance and written premium (insurance), incurred claims
 * (claims) and the loss ratio incurred / written premium — composed from the three modules' summaries. */
function renderRegions({ data, t, language }: CardContext): ReactNode {
  const d = data.disputes;
  const c = data.claims;
  const i = data.insurance;
  if (!d && !c && !i) return null;
  type Region = ChartRow & { code: string; cases: number; overdue: number; premium: number; incurred: number };
  const regions = new Map<string, Region>();
  const row = (code: string): Region => {
    let r = regions.get(code);
    if (!r) {
      r = { code, region: regionName(code, language), cases: 0, open: 0, overdue: 0, mediation: null, days: null, compliance: null, premium: 0, incurred: 0, loss_ratio: null };
      regions.set(code, r);
    }
    return r;
  };
  for (const r of d?.by_region ?? []) {
    const x = row(r.region_code);
    x.cases = r.total;
    x.open = r.open;
    x.overdue = r.overdue;
    x.mediation = r.mediation_success_rate_bp;
    x.days = r.average_days_to_resolution;
  }
  for (const r of i?.by_region ?? []) {
    const x = row(r.region_code);
    x.premium = r.written_premium_fen;
    x.compliance = percent(r.compliant, r.obligations);
  }
  for (const r of c?.by_region ?? []) row(r.region_code).incurred = r.incurred_fen;
  const rows = [...regions.values()].sort((a, b) => a.code.localeCompare(b.code));
  for (const r of rows) r.loss_ratio = percent(r.incurred, r.premium);
  const columns: ChartColumn[] = [
    { key: 'code', title: t('dashboard.col.region_code'), type: 'text' },
    { key: 'region', title: t('dashboard.col.region'), type: 'text' },
    { key: 'cases', title: t('dashboard.col.cases'), type: 'integer' },
    { key: 'open', title: t('dashboard.col.open'), type: 'integer' },
    { key: 'overdue', title: t('dashboard.col.overdue_cases'), type: 'integer' },
    { key: 'mediation', title: t('dashboard.col.mediation_success'), type: 'percent_bp' },
    { key: 'days', title: t('dashboard.col.days_to_resolution'), type: 'number' },
    { key: 'compliance', title: t('dashboard.col.compliance_rate'), type: 'percent_bp' },
    { key: 'premium', title: t('dashboard.col.written_premium'), type: 'money_fen' },
    { key: 'incurred', title: t('dashboard.col.incurred'), type: 'money_fen' },
    { key: 'loss_ratio', title: t('dashboard.col.loss_ratio'), type: 'percent_bp' },
  ];
  const option = barOption(
    rows.map((r) => String(r.region)),
    [
      { name: t('dashboard.col.cases'), data: rows.map((r) => r.cases) },
      { name: t('dashboard.col.open'), data: rows.map((r) => Number(r.open ?? 0)) },
      { name: t('dashboard.col.overdue_cases'), data: rows.map((r) => r.overdue), color: OVERDUE },
    ],
  );
  return (
    <ChartCard
      key="regions"
      testId="card-regions"
      title={t('dashboard.card.regions')}
      columns={columns}
      rows={rows}
      option={option}
      height={260}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }} title={REGIONS_SOURCE}>
          {t('dashboard.regions_source')}
        </Typography.Text>
      }
    />
  );
}
