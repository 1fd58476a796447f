// The rates of one measure per unit: exposure, events, own rate, province rate, Z, credibility-weighted
// rate and risk coefficient (shared by the risk page and the home-page card).
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMeasure, formatNumber, provinceOf, type Measure, type RiskRateRow, type RiskRates } from './api';

export function RatesTable({ report, measure, showOrganization, testId = 'risk-rates-table' }: {
  report: RiskRates;
  measure: Measure;
  showOrganization: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const m = (r: RiskRateRow) => r.measures?.[measure];
  const province = (r: RiskRateRow) => provinceOf(report, r.department ?? '')?.measures?.[measure]?.province_rate;
  return (
    <div className="medrisk-table-wrap">
      <Table<RiskRateRow>
        rowKey={(r) => `${r.organization_id} ${r.department}`}
        size="small"
        pagination={false}
        dataSource={report.items}
        data-testid={testId}
        columns={[
          ...(showOrganization ? [{ title: t('risk.organization'), dataIndex: 'organization_name' }] : []),
          { title: t('risk.department'), dataIndex: 'department', render: (v: string) => v || t('risk.all_departments') },
          { title: t('risk.exposure_units'), align: 'right' as const, render: (_: unknown, r: RiskRateRow) => formatNumber(r.exposure_units, 0) },
          { title: t('risk.events'), align: 'right' as const, render: (_: unknown, r: RiskRateRow) => formatMeasure(measure, m(r)?.events, measure === 'claims_incurred' ? 2 : 0) },
          { title: t('risk.rate'), align: 'right' as const, render: (_: unknown, r: RiskRateRow) => formatMeasure(measure, m(r)?.rate, 3) },
          { title: t('risk.province_rate'), align: 'right' as const, render: (_: unknown, r: RiskRateRow) => formatMeasure(measure, province(r), 3) },
          { title: t('risk.z'), align: 'right' as const, render: (_: unknown, r: RiskRateRow) => <span data-testid="risk-z">{formatNumber(m(r)?.z, 3)}</span> },
          { title: t('risk.credibility_rate'), align: 'right' as const, render: (_: unknown, r: RiskRateRow) => formatMeasure(measure, m(r)?.credibility_rate, 3) },
          {
            title: t('risk.coefficient'), align: 'right' as const,
            render: (_: unknown, r: RiskRateRow) => {
              const c = m(r)?.coefficient ?? 1;
              return <Tag color={c > 1.05 ? 'red' : c < 0.95 ? 'green' : 'default'} data-testid="risk-coefficient">{formatNumber(c, 3)}</Tag>;
            },
          },
        ]}
      />
    </div>
  );
}

/** The bars of the chart for the rows of one measure. */
export function barsOf(report: RiskRates, measure: Measure, label: (r: RiskRateRow) => string) {
  const scale = measure === 'claims_incurred' ? 0.01 : 1;
  return report.items.map((r) => {
    const x = r.measures?.[measure];
    return {
      label: label(r),
      own: (x?.rate ?? 0) * scale,
      credibility: (x?.credibility_rate ?? 0) * scale,
      province: (provinceOf(report, r.department ?? '')?.measures?.[measure]?.province_rate ?? 0) * scale,
      z: x?.z ?? 0,
      coefficient: x?.coefficient ?? 1,
    };
  });
}
