// The patient's evaluations (我的评价): visits and dispute cases still to rate, each with a button to
// the evaluation form, and the reviews already written with the patient's own comment and whether it
// was published (masked) or waits for a moderator. One column, usable at 375 px.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, List, Rate, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { PageLoading } from '../../../components/PageLoading';
import { fetchAll } from '../../../components/useCursorList';
import { listCases, type DisputeCase } from '../../disputes/api';
import { listVisitPolicies, type VisitPolicy } from '../../insurance/visit-policies/api';
import { listReviews, type Review } from '../api';
import { ModerationTag } from '../ReviewBits';

interface Pending {
  kind: 'visit' | 'case';
  id: number;
  title: string;
  date: string;
}

export default function MyReviewsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [reviews, setReviews] = useState<Review[] | null>(null);
  const [pending, setPending] = useState<Pending[]>([]);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    setError(null);
    Promise.all([
      fetchAll((cursor) => listReviews({}, cursor)),
      fetchAll((cursor) => listVisitPolicies(cursor)).catch(() => [] as VisitPolicy[]),
      fetchAll((cursor) => listCases(undefined, undefined, cursor)).catch(() => [] as DisputeCase[]),
    ]).then(([mine, visits, cases]) => {
      const done = new Set(mine.map((r) => `${r.subject_kind}:${r.subject_id}`));
      const open: Pending[] = [
        ...visits.map((v) => ({ kind: 'visit' as const, id: v.id, title: `${v.department} · ${v.visit_id}`, date: v.visit_date })),
        ...cases.map((c) => ({ kind: 'case' as const, id: c.id, title: `${t('reviews.form.case')} #${c.id} · ${c.department}`, date: c.incident_date })),
      ].filter((p) => !done.has(`${p.kind}:${p.id}`));
      setReviews(mine);
      setPending(open);
    }, setError);
  }, [t]);
  useEffect(load, [load]);

  if (error) return <ErrorResult error={error} onRetry={load} />;
  if (!reviews) return <PageLoading />;
  return (
    <PageContainer title={t('menu.my_reviews')}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={t('reviews.mine.to_rate')}>
          <List
            data-testid="reviews-pending"
            dataSource={pending}
            locale={{ emptyText: t('reviews.mine.nothing_to_rate') }}
            renderItem={(p) => (
              <List.Item
                data-testid={`pending-${p.kind}-${p.id}`}
                actions={[
                  <Button key="rate" type="primary" size="small" onClick={() => navigate(`/reviews/new?kind=${p.kind}&id=${p.id}&title=${encodeURIComponent(p.title)}`)}>
                    {t('reviews.mine.rate')}
                  </Button>,
                ]}
              >
                <List.Item.Meta title={p.title} description={p.date} />
              </List.Item>
            )}
          />
        </Card>
        <Card size="small" title={t('reviews.mine.written')}>
          {reviews.length === 0 ? (
            <Empty description={t('reviews.mine.empty')} />
          ) : (
            <List
              data-testid="reviews-mine"
              dataSource={reviews}
              renderItem={(r) => (
                <List.Item data-testid={`my-review-${r.id}`}>
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap>
                      <Typography.Text strong>
                        {r.institution_name} · {r.department}
                      </Typography.Text>
                      <ModerationTag state={r.moderation_state} />
                    </Space>
                    <Rate disabled value={r.overall} />
                    {r.comment && <Typography.Paragraph style={{ margin: 0 }}>{r.comment}</Typography.Paragraph>}
                    {r.moderation_state === 'published' && r.comment_masked !== r.comment && r.comment_masked && (
                      <Typography.Text type="secondary">
                        {t('reviews.mine.shown_as')}: {r.comment_masked}
                      </Typography.Text>
                    )}
                    {r.moderation_state === 'held' && <Alert type="info" showIcon message={t('reviews.mine.held_hint')} />}
                    {r.outreach_proposed && <Alert type="warning" showIcon message={t('reviews.mine.outreach_hint')} />}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      </Space>
    </PageContainer>
  );
}
