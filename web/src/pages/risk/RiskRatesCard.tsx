// "The hospital's risk rates by department against the province": a self-contained card for the
// officer's home page — the last 36 months by department, one measure at a time, as bars (own rate,
// credibility-weighted rate, province rate; Z and coefficient in the tooltip) or as a table.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Card, Empty, Segmented, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../components/ErrorResult';
import { MEASURES, rates, type Measure, type RiskRates } from './api';
import { barsOf, RatesTable } from './RatesTable';

const RiskBars = lazy(() => import('./RiskBars'));

export default function RiskRatesCard({ measure: initial = 'cases' }: { measure?: Measure }) {
  const { t } = useTranslation();
  const [report, setReport] = useState<RiskRates | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [measure, setMeasure] = useState<Measure>(initial);
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const load = useCallback(() => {
    rates({ level: 'department' }).then((r) => { setReport(r); setError(null); }).catch(setError);
  }, []);
  useEffect(load, [load]);
  if (error) return <ErrorResult error={error} onRetry={load} />;
  return (
    <Card
      size="small"
      title={t('risk.card_title')}
      loading={!report}
      data-testid="risk-rates-card"
      extra={
        <Space wrap>
          <Select<Measure>
            size="small"
            value={measure}
            onChange={setMeasure}
            style={{ width: 150 }}
            aria-label={t('risk.measure')}
            options={MEASURES.map((m) => ({ value: m, label: t(`risk.measures.${m}`) }))}
          />
          <Segmented
            size="small"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            options={[{ value: 'chart', label: t('risk.view_chart') }, { value: 'table', label: t('risk.view_table') }]}
          />
        </Space>
      }
    >
      {report && report.items.length === 0 && <Empty description={t('risk.no_rows')} />}
      {report && report.items.length > 0 && (view === 'chart' ? (
        <Suspense fallback={null}>
          <RiskBars
            bars={barsOf(report, measure, (r) => r.department || t('risk.all_departments'))}
            names={{ own: t('risk.series_own'), credibility: t('risk.series_credibility'), province: t('risk.series_province') }}
            ariaLabel={t('risk.card_title')}
            zLabel={t('risk.z')}
            coefficientLabel={t('risk.coefficient')}
          />
        </Suspense>
      ) : (
        <RatesTable report={report} measure={measure} showOrganization={false} testId="risk-card-table" />
      ))}
    </Card>
  );
}
