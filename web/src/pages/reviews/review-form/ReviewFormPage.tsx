// The evaluation form (评价): overall stars and one row per aspect of care (data/reviews/aspects.json,
// from /reviews/aspects), an optional comment with a privacy hint, for one visit or case of the
// patient (?kind=visit|case&id=…). One column, usable at 375 px.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Rate, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { PageLoading } from '../../../components/PageLoading';
import { aspectLabel, createReview, getAspects, type ReviewAspects } from '../api';

type Values = Record<string, number | string | undefined>;

export default function ReviewFormPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const kind = params.get('kind') === 'case' ? 'case' : 'visit';
  const id = Number(params.get('id'));
  const title = params.get('title') ?? '';
  const [aspects, setAspects] = useState<ReviewAspects | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    getAspects().then(setAspects, setError);
  }, []);

  if (error) return <ErrorResult error={error} />;
  if (!aspects) return <PageLoading />;

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      const scores: Record<string, number> = {};
      for (const a of aspects.aspects) scores[a.key] = Number(values[a.key]);
      const comment = typeof values.comment === 'string' && values.comment.trim() ? values.comment.trim() : undefined;
      const created = await createReview({ subject_kind: kind, subject_id: id, overall: Number(values.overall), scores, comment });
      message.success(created.outreach_proposed ? t('reviews.form.saved_outreach') : t('reviews.form.saved'));
      void navigate('/reviews/mine');
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  };

  const required = [{ required: true, message: t('reviews.form.stars_required') }];
  return (
    <PageContainer title={t('reviews.form.title')}>
      <Card size="small" style={{ maxWidth: 560 }}>
        {title && (
          <Typography.Paragraph strong data-testid="review-subject">
            {kind === 'case' ? t('reviews.form.case') : t('reviews.form.visit')}: {title}
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" onFinish={submit} data-testid="review-form">
          <Form.Item name="overall" label={aspectLabel(aspects, aspects.overall.key, i18n.language)} rules={required}>
            <Rate data-testid="rate-overall" style={{ fontSize: 28 }} />
          </Form.Item>
          {aspects.aspects.map((a) => (
            <Form.Item key={a.key} name={a.key} label={aspectLabel(aspects, a.key, i18n.language)} rules={required}>
              <Rate data-testid={`rate-${a.key}`} />
            </Form.Item>
          ))}
          <Alert type="info" showIcon message={t('reviews.form.privacy_hint')} style={{ marginBottom: 12 }} />
          <Form.Item name="comment" label={t('reviews.form.comment')}>
            <Input.TextArea rows={4} maxLength={aspects.max_comment_length} showCount data-testid="review-comment" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} block data-testid="review-submit">
            {t('reviews.form.submit')}
          </Button>
        </Form>
      </Card>
    </PageContainer>
  );
}
