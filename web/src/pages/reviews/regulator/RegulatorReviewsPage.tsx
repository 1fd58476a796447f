// The regulator's evaluations (评价监管): the province's institutions compared (mean stars per aspect,
// count, distribution; small cells suppressed), then one institution by department or by month, and
// its published (masked) comments.
import { useEffect, useState } from 'react';
import { Card, List, Rate, Segmented, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { PageLoading } from '../../../components/PageLoading';
import { useCursorList } from '../../../components/useCursorList';
import { AggregateChart } from '../AggregateCharts';
import { getAggregates, getAspects, listReviews, type Review, type ReviewAggregate, type ReviewAspects, type ReviewPage } from '../api';
import { AggregateTable } from '../ReviewBits';

function InstitutionDetail({ id, aspects }: { id: number; aspects: ReviewAspects }) {
  const { t, i18n } = useTranslation();
  const [by, setBy] = useState<'department' | 'month'>('department');
  const [data, setData] = useState<ReviewAggregate | null>(null);
  const [error, setError] = useState<unknown>(null);
  const comments = useCursorList<Review, ReviewPage>((cursor) => listReviews({ institution_id: id, moderation_state: 'published' }, cursor), [id]);
  useEffect(() => {
    setData(null);
    getAggregates(by, id).then(setData, setError);
  }, [by, id]);
  if (error) return <ErrorResult error={error} />;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Segmented
        value={by}
        onChange={(v) => setBy(v as 'department' | 'month')}
        options={[
          { value: 'department', label: t('reviews.aggregate.by_department') },
          { value: 'month', label: t('reviews.aggregate.by_month') },
        ]}
      />
      {!data ? (
        <PageLoading />
      ) : (
        <>
          <AggregateChart cells={data.cells} aspects={aspects} language={i18n.language} kind={by === 'month' ? 'line' : 'bar'} ariaLabel={t('reviews.aggregate.chart_label')} />
          <AggregateTable
            cells={data.cells}
            aspects={aspects}
            minCount={data.min_count}
            keyTitle={by === 'month' ? t('reviews.aggregate.month') : t('reviews.aggregate.department')}
            testId="institution-aggregate-table"
          />
        </>
      )}
      <Typography.Title level={5}>{t('reviews.hospital.comments')}</Typography.Title>
      <List<Review>
        data-testid="regulator-comments"
        dataSource={comments.items}
        loading={comments.loading && comments.items.length === 0}
        renderItem={(r) => (
          <List.Item>
            <Space direction="vertical" size={2}>
              <Space wrap>
                <Rate disabled value={r.overall} style={{ fontSize: 14 }} />
                <Typography.Text>{r.department}</Typography.Text>
                <Typography.Text type="secondary">{r.care_month}</Typography.Text>
              </Space>
              <Typography.Text>{r.comment_masked}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <LoadMore hasMore={comments.hasMore} loading={comments.loading} onClick={comments.loadMore} />
    </Space>
  );
}

export default function RegulatorReviewsPage() {
  const { t, i18n } = useTranslation();
  const [aspects, setAspects] = useState<ReviewAspects | null>(null);
  const [data, setData] = useState<ReviewAggregate | null>(null);
  const [selected, setSelected] = useState<number | undefined>();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    Promise.all([getAspects(), getAggregates('institution')]).then(([a, d]) => {
      setAspects(a);
      setData(d);
    }, setError);
  }, []);
  if (error) return <ErrorResult error={error} />;
  if (!aspects || !data) return <PageLoading />;
  return (
    <PageContainer title={t('menu.reviews_regulator')}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={t('reviews.regulator.by_institution')}>
          <AggregateChart cells={data.cells} aspects={aspects} language={i18n.language} kind="bar" ariaLabel={t('reviews.aggregate.chart_label')} testId="institution-chart" />
          <Typography.Paragraph type="secondary">{t('reviews.aggregate.suppression_note', { min: data.min_count })}</Typography.Paragraph>
          <AggregateTable cells={data.cells} aspects={aspects} minCount={data.min_count} keyTitle={t('reviews.regulator.institution')} testId="regulator-aggregate-table" />
        </Card>
        <Card
          size="small"
          title={t('reviews.regulator.one_institution')}
          extra={
            <Select
              data-testid="institution-select"
              style={{ minWidth: 220 }}
              placeholder={t('reviews.regulator.choose')}
              value={selected}
              onChange={setSelected}
              options={data.cells.map((c) => ({ value: Number(c.key), label: c.label }))}
            />
          }
        >
          {selected ? <InstitutionDetail id={selected} aspects={aspects} /> : <Typography.Text type="secondary">{t('reviews.regulator.choose')}</Typography.Text>}
        </Card>
      </Space>
    </PageContainer>
  );
}
