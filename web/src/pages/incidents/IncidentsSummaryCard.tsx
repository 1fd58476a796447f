// A self-contained dashboard card (for the officer's, clinician's and regulator's home pages): fetches
// GET /api/v1/incidents/summary (the caller's institution, or the regulator's province) and shows the
// totals, the last 12 months as an ECharts bar chart with a table view, and the incidents to handle.
import { useEffect, useState } from 'react';
import { Card, Col, List, Row, Segmented, Space, Statistic, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import BarChart from '../../components/charts/BarChart';
import { ErrorResult } from '../../components/ErrorResult';
import { incidentSummary, type IncidentSummary } from './api';
import { ClassTag, StateTag } from './IncidentTags';

export default function IncidentsSummaryCard() {
  const { t } = useTranslation();
  const [summary, setSummary] = useState<IncidentSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const load = () => {
    setError(null);
    incidentSummary().then(setSummary, setError);
  };
  useEffect(load, []);
  if (error) return <Card size="small" title={t('incidents.summary.title')}><ErrorResult error={error} onRetry={load} /></Card>;
  const open = summary ? summary.total - (summary.by_state.closed ?? 0) : 0;
  const listPath = summary?.scope === 'province' ? '/incidents/province' : '/incidents';
  return (
    <Card size="small" title={t('incidents.summary.title')} loading={!summary} data-testid="incidents-summary-card"
      extra={<Link to={listPath}>{t('incidents.summary.view_all')}</Link>}>
      {summary && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Row gutter={16}>
            <Col span={8}><Statistic title={t('incidents.summary.total')} value={summary.total} /></Col>
            <Col span={8}><Statistic title={t('incidents.summary.open')} value={open} /></Col>
            <Col span={8}>
              <Link to={`${listPath}?overdue=true`} data-testid="incidents-summary-overdue">
                <Statistic title={t('incidents.summary.overdue')} value={summary.overdue}
                  valueStyle={summary.overdue > 0 ? { color: '#cf1322' } : undefined} />
              </Link>
            </Col>
          </Row>
          <Space wrap size={4}>
            {Object.entries(summary.by_class).map(([c, n]) => <span key={c}><ClassTag value={c} />{n}</span>)}
          </Space>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>{t('incidents.summary.by_month')}</span>
            <Segmented size="small" value={view} onChange={(v) => setView(v as 'chart' | 'table')} data-testid="incidents-summary-view"
              options={[{ value: 'chart', label: t('incidents.summary.chart') }, { value: 'table', label: t('incidents.summary.table') }]} />
          </Space>
          {view === 'chart' ? (
            <BarChart data={summary.by_month.map((m) => ({ label: m.month.slice(2), value: m.count }))}
              ariaLabel={t('incidents.summary.by_month')} height={200} />
          ) : (
            <Table size="small" rowKey="month" pagination={false} dataSource={summary.by_month} data-testid="incidents-summary-table"
              columns={[{ title: t('incidents.summary.month'), dataIndex: 'month' }, { title: t('incidents.summary.count'), dataIndex: 'count', align: 'right' }]} />
          )}
          {summary.to_review.length > 0 && (
            <List size="small" header={t('incidents.summary.to_review')} dataSource={summary.to_review.slice(0, 5)}
              renderItem={(i) => (
                <List.Item>
                  <Link to={`/incidents/${i.id}`}>{i.number}</Link>
                  <Space size={4}>
                    <StateTag value={i.state} />
                    {i.overdue && <Tag color="red">{t('incidents.overdue')}</Tag>}
                  </Space>
                </List.Item>
              )} />
          )}
        </Space>
      )}
    </Card>
  );
}
