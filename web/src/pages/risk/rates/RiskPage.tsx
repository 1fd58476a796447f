// The risk database page (medical officers, underwriters, actuaries, regulators): rates per 1,000
// exposure units by department or institution over a chosen period, against the province, with the
// Bühlmann–Straub Z, the credibility-weighted rate and the risk coefficient, as bars and a table; the
// province aggregates with their structural parameters; a clinician's own history; the latest imports.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Input, InputNumber, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../../components/ErrorResult';
import { formatDateTime } from '../../../components/format';
import { PageContainer } from '../../../components/PageContainer';
import {
  clinicianHistory, formatMeasure, formatNumber, imports, MEASURES, rates,
  type Measure, type RiskClinicianHistory, type RiskImport, type RiskProvinceRow, type RiskRates,
} from '../api';
import { barsOf, RatesTable } from '../RatesTable';

const RiskBars = lazy(() => import('../RiskBars'));

function ClinicianPanel({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const [id, setId] = useState<number | null>(null);
  const [history, setHistory] = useState<RiskClinicianHistory | null>(null);
  const [error, setError] = useState<unknown>(null);
  const show = () => {
    if (!id) return;
    clinicianHistory(id, from, to).then((h) => { setHistory(h); setError(null); }).catch((e) => { setHistory(null); setError(e); });
  };
  return (
    <Card size="small" title={t('risk.clinician')} data-testid="risk-clinician">
      <Space wrap style={{ marginBottom: 8 }}>
        <InputNumber min={1} value={id} onChange={(v) => setId(v)} placeholder={t('risk.clinician_id')} aria-label={t('risk.clinician_id')} data-testid="risk-clinician-id" />
        <Button onClick={show} data-testid="risk-clinician-show">{t('risk.clinician_show')}</Button>
      </Space>
      {error != null && <ErrorResult error={error} />}
      {history && (
        <>
          <Typography.Paragraph data-testid="risk-clinician-totals">
            {history.display_name}：
            {t('risk.clinician_totals', {
              cases: formatNumber(history.totals.cases, 0),
              claims: formatNumber(history.totals.claims, 0),
              incurred: formatMeasure('claims_incurred', history.totals.claims_incurred),
            })}
          </Typography.Paragraph>
          {history.items.length === 0 ? <Typography.Text type="secondary">{t('risk.no_history')}</Typography.Text> : (
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => `${r.month} ${r.measure} ${r.department}`}
              dataSource={history.items}
              columns={[
                { title: t('risk.month'), dataIndex: 'month' },
                { title: t('risk.measure'), dataIndex: 'measure', render: (m: string) => t(`risk.measures.${m}`) },
                { title: t('risk.department'), dataIndex: 'department' },
                { title: t('risk.value'), dataIndex: 'value', align: 'right', render: (v: number, r) => formatMeasure(r.measure as Measure, v, r.measure === 'claims_incurred' ? 2 : 0) },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}

function ProvinceTable({ report, measure }: { report: RiskRates; measure: Measure }) {
  const { t } = useTranslation();
  return (
    <div className="medrisk-table-wrap">
      <Table<RiskProvinceRow>
        rowKey={(r) => r.department ?? ''}
        size="small"
        pagination={false}
        dataSource={report.province_rows}
        data-testid="risk-province-table"
        columns={[
          { title: t('risk.department'), dataIndex: 'department', render: (v: string) => v || t('risk.all_departments') },
          { title: t('risk.exposure_units'), align: 'right', render: (_: unknown, r) => formatNumber(r.exposure_units, 0) },
          { title: t('risk.events'), align: 'right', render: (_: unknown, r) => formatMeasure(measure, r.measures?.[measure]?.events, measure === 'claims_incurred' ? 2 : 0) },
          { title: t('risk.province_rate'), align: 'right', render: (_: unknown, r) => formatMeasure(measure, r.measures?.[measure]?.province_rate, 3) },
          { title: 's²', align: 'right', render: (_: unknown, r) => formatNumber(r.measures?.[measure]?.s2, 3) },
          { title: 'a', align: 'right', render: (_: unknown, r) => formatNumber(r.measures?.[measure]?.a, 4) },
          {
            title: t('risk.k'), align: 'right',
            render: (_: unknown, r) => {
              const k = r.measures?.[measure]?.k;
              return k == null ? <Typography.Text type="secondary">{t('risk.no_credibility')}</Typography.Text> : formatNumber(k, 1);
            },
          },
        ]}
      />
    </div>
  );
}

export default function RiskPage() {
  const { t } = useTranslation();
  const [level, setLevel] = useState<'department' | 'institution'>('department');
  const [measure, setMeasure] = useState<Measure>('cases');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [report, setReport] = useState<RiskRates | null>(null);
  const [importList, setImportList] = useState<RiskImport[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const load = useCallback(() => {
    setLoading(true);
    rates({ level, from, to })
      .then((r) => { setReport(r); setError(null); })
      .catch(setError)
      .finally(() => setLoading(false));
  }, [level, from, to]);
  useEffect(load, [load]);
  useEffect(() => { imports().then((r) => setImportList(r.items)).catch(() => setImportList([])); }, []);
  const label = (r: RiskRates['items'][number]) =>
    level === 'department' ? `${r.organization_name} ${r.department}` : r.organization_name ?? String(r.organization_id);
  return (
    <PageContainer
      title={t('menu.risk')}
      extra={
        <Space wrap>
          <Typography.Text>{t('risk.period')}</Typography.Text>
          <Input type="month" value={from || report?.from || ''} onChange={(e) => setFrom(e.target.value)} style={{ width: 150 }} aria-label={t('risk.from')} data-testid="risk-from" />
          <Input type="month" value={to || report?.to || ''} onChange={(e) => setTo(e.target.value)} style={{ width: 150 }} aria-label={t('risk.to')} data-testid="risk-to" />
          <Segmented
            value={level}
            onChange={(v) => setLevel(v as 'department' | 'institution')}
            options={[{ value: 'department', label: t('risk.level_department') }, { value: 'institution', label: t('risk.level_institution') }]}
            data-testid="risk-level"
          />
          <Select<Measure>
            value={measure}
            onChange={setMeasure}
            style={{ width: 160 }}
            aria-label={t('risk.measure')}
            data-testid="risk-measure"
            options={MEASURES.map((m) => ({ value: m, label: t(`risk.measures.${m}`) }))}
          />
        </Space>
      }
    >
      <div data-testid="risk-page">
        {error != null ? <ErrorResult error={error} onRetry={load} /> : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="info" showIcon message={t('risk.confidential_note')} />
            <Card size="small" title={t('risk.chart_title')} loading={loading && !report}>
              {report && report.items.length === 0 ? <Empty description={t('risk.no_rows')} /> : report && (
                <Suspense fallback={null}>
                  <RiskBars
                    bars={barsOf(report, measure, label)}
                    names={{ own: t('risk.series_own'), credibility: t('risk.series_credibility'), province: t('risk.series_province') }}
                    ariaLabel={t('risk.chart_title')}
                    zLabel={t('risk.z')}
                    coefficientLabel={t('risk.coefficient')}
                  />
                </Suspense>
              )}
            </Card>
            {report && (
              <Card size="small">
                <RatesTable report={report} measure={measure} showOrganization />
              </Card>
            )}
            {report && (
              <Card size="small" title={`${t('risk.province_table')} · ${t('risk.parameters')}`}>
                <ProvinceTable report={report} measure={measure} />
              </Card>
            )}
            <ClinicianPanel from={report?.from ?? from} to={report?.to ?? to} />
            {importList.length > 0 && (
              <Card size="small" title={t('risk.imports')}>
                <Table<RiskImport>
                  size="small"
                  pagination={false}
                  rowKey="id"
                  dataSource={importList}
                  data-testid="risk-imports"
                  columns={[
                    { title: t('risk.created_at'), dataIndex: 'created_at', render: formatDateTime },
                    { title: t('risk.source'), dataIndex: 'source' },
                    { title: t('risk.rows'), dataIndex: 'rows', align: 'right' },
                    { title: t('risk.replaced'), dataIndex: 'replaced', align: 'right' },
                    { title: '', dataIndex: 'status', render: (s: 'imported' | 'refused') => <Tag color={s === 'imported' ? 'green' : 'red'}>{t(`risk.import_status.${s}`)}</Tag> },
                  ]}
                />
              </Card>
            )}
          </Space>
        )}
      </div>
    </PageContainer>
  );
}
