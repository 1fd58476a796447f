// The insurer's portfolio: per product and underwriting year, written and earned premium, claims
// outstanding, paid and incurred, and the loss ratio (incurred / earned), as a table and a bar chart.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Card, Input, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { portfolio, type PortfolioRow } from '../api';
import { formatFen } from '../../../components/format';

const BarChart = lazy(() => import('../../../components/charts/BarChart'));

/** 6543 basis points → "65.43%"; null (nothing earned yet) → "—". */
export const formatRatio = (bp: number | null | undefined) => (bp == null ? '—' : `${(bp / 100).toFixed(2)}%`);

export default function PortfolioPage() {
  const { t } = useTranslation();
  const [asOf, setAsOf] = useState('');
  const [rows, setRows] = useState<PortfolioRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    setLoading(true);
    portfolio(asOf || undefined)
      .then((r) => { setRows(r.items); setError(null); })
      .catch(setError)
      .finally(() => setLoading(false));
  }, [asOf]);
  useEffect(load, [load]);
  if (error) return <ErrorResult error={error} onRetry={load} />;
  const key = (r: PortfolioRow) => `${r.product_code} ${r.underwriting_year}`;
  const label = (r: PortfolioRow) => `${t(`insurance.products.${r.product_code}`, { defaultValue: r.product_code })} ${r.underwriting_year}`;
  const chart = rows.filter((r) => r.loss_ratio_bp != null).map((r) => ({ label: label(r), value: (r.loss_ratio_bp ?? 0) / 100 }));
  return (
    <PageContainer
      title={t('claims.portfolio.title')}
      extra={
        <Space>
          <Typography.Text>{t('claims.portfolio.as_of')}</Typography.Text>
          <Input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} style={{ width: 170 }} data-testid="portfolio-as-of" />
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Card size="small" title={t('claims.portfolio.chart_title')}>
          {chart.length === 0 ? (
            <Typography.Text type="secondary">{t('claims.portfolio.no_ratio')}</Typography.Text>
          ) : (
            <Suspense fallback={null}>
              <BarChart data={chart} ariaLabel={t('claims.portfolio.chart_title')} />
            </Suspense>
          )}
        </Card>
        <Card size="small">
          <div className="medrisk-table-wrap">
            <Table<PortfolioRow>
              rowKey={key}
              size="small"
              loading={loading}
              pagination={false}
              dataSource={rows}
              data-testid="portfolio-table"
              columns={[
                { title: t('claims.portfolio.product'), dataIndex: 'product_code', render: (v: string) => t(`insurance.products.${v}`, { defaultValue: v }) },
                { title: t('claims.portfolio.year'), dataIndex: 'underwriting_year' },
                { title: t('claims.portfolio.policies'), dataIndex: 'policies', align: 'right' },
                { title: t('claims.portfolio.written'), dataIndex: 'written_premium_fen', align: 'right', render: formatFen },
                { title: t('claims.portfolio.earned'), dataIndex: 'earned_premium_fen', align: 'right', render: formatFen },
                { title: t('claims.portfolio.open_claims'), dataIndex: 'open_claims', align: 'right' },
                { title: t('claims.field.outstanding'), dataIndex: 'outstanding_fen', align: 'right', render: formatFen },
                { title: t('claims.field.paid'), dataIndex: 'paid_fen', align: 'right', render: formatFen },
                { title: t('claims.field.incurred'), dataIndex: 'incurred_fen', align: 'right', render: formatFen },
                { title: t('claims.portfolio.loss_ratio'), dataIndex: 'loss_ratio_bp', align: 'right',
                  render: (bp: number | null) => <span data-testid="portfolio-loss-ratio">{formatRatio(bp)}</span> },
              ]}
            />
          </div>
        </Card>
      </Space>
    </PageContainer>
  );
}
