// The moderation queue (评价审核, platform_admin): comments the rules could not mask safely, with the
// raw text, what was found and an editable text to publish (masked again by the server) or a rejection.
import { useState } from 'react';
import { App, Button, Card, Empty, Input, List, Rate, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { useCursorList } from '../../../components/useCursorList';
import { listReviews, moderateReview, type Review, type ReviewPage } from '../api';

function HeldReview({ review, onDone }: { review: Review; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState(review.comment ?? '');
  const [busy, setBusy] = useState(false);
  const decide = async (action: 'publish' | 'reject') => {
    setBusy(true);
    try {
      await moderateReview(review.id, action === 'publish' ? { action, comment_masked: text } : { action });
      message.success(t(`reviews.moderation.${action}ed`));
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <List.Item data-testid={`held-review-${review.id}`}>
      <Space direction="vertical" size={6} style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>
            {review.institution_name} · {review.department}
          </Typography.Text>
          <Rate disabled value={review.overall} style={{ fontSize: 14 }} />
          {review.findings.map((f) => (
            <Tag key={f} color={f.startsWith('unmaskable') ? 'orange' : 'default'}>
              {t(`reviews.finding.${f}`)}
            </Tag>
          ))}
        </Space>
        <Typography.Text type="secondary">{t('reviews.moderation.raw')}</Typography.Text>
        <Typography.Paragraph style={{ margin: 0 }} data-testid="held-raw">
          {review.comment}
        </Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} data-testid="held-edit" />
        <Space>
          <Button type="primary" loading={busy} onClick={() => decide('publish')} data-testid="held-publish">
            {t('reviews.moderation.publish')}
          </Button>
          <Button danger loading={busy} onClick={() => decide('reject')} data-testid="held-reject">
            {t('reviews.moderation.reject')}
          </Button>
        </Space>
      </Space>
    </List.Item>
  );
}

export default function ModerationQueuePage() {
  const { t } = useTranslation();
  const list = useCursorList<Review, ReviewPage>((cursor) => listReviews({ moderation_state: 'held' }, cursor), []);
  if (list.error) return <ErrorResult error={list.error} onRetry={list.reload} />;
  return (
    <PageContainer title={t('menu.reviews_moderation')}>
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('reviews.moderation.hint')}</Typography.Paragraph>
        {!list.loading && list.items.length === 0 ? (
          <Empty description={t('reviews.moderation.empty')} />
        ) : (
          <List<Review> rowKey="id" data-testid="moderation-queue" loading={list.loading && list.items.length === 0} dataSource={list.items} renderItem={(r) => <HeldReview review={r} onDone={list.reload} />} />
        )}
        <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
      </Card>
    </PageContainer>
  );
}
