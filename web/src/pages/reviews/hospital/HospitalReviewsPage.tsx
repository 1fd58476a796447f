// The hospital's evaluations (评价管理, medical officers): aggregate charts of the institution by
// department and by month (cells under the minimum count shown without figures), the moderated
// comments, and the outreach tasks of the medical affairs office with their actions
// (contacted → resolved, or escalated to a complaint through the complaint form).
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Input, List, Modal, Rate, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { PageLoading } from '../../../components/PageLoading';
import { useCursorList } from '../../../components/useCursorList';
import { AggregateChart } from '../AggregateCharts';
import { actOnOutreach, getAggregates, getAspects, listOutreach, listReviews, type Outreach, type OutreachPage, type Review, type ReviewAggregate, type ReviewAspects, type ReviewPage } from '../api';
import { AggregateTable, ModerationTag, OutreachTag } from '../ReviewBits';

function Statistics({ aspects }: { aspects: ReviewAspects }) {
  const { t, i18n } = useTranslation();
  const [by, setBy] = useState<'department' | 'month'>('department');
  const [data, setData] = useState<ReviewAggregate | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setData(null);
    getAggregates(by).then(setData, setError);
  }, [by]);
  if (error) return <ErrorResult error={error} />;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Segmented
        data-testid="aggregate-by"
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
          <AggregateChart
            cells={data.cells}
            aspects={aspects}
            language={i18n.language}
            kind={by === 'month' ? 'line' : 'bar'}
            ariaLabel={t('reviews.aggregate.chart_label')}
            testId="aggregate-chart"
          />
          <Typography.Text type="secondary">{t('reviews.aggregate.suppression_note', { min: data.min_count })}</Typography.Text>
          <AggregateTable
            cells={data.cells}
            aspects={aspects}
            minCount={data.min_count}
            keyTitle={by === 'month' ? t('reviews.aggregate.month') : t('reviews.aggregate.department')}
            testId="aggregate-table"
          />
        </>
      )}
    </Space>
  );
}

function Comments() {
  const { t } = useTranslation();
  const list = useCursorList<Review, ReviewPage>((cursor) => listReviews({ moderation_state: 'published' }, cursor), []);
  if (list.error) return <ErrorResult error={list.error} onRetry={list.reload} />;
  return (
    <>
      <List<Review>
        data-testid="hospital-comments"
        loading={list.loading && list.items.length === 0}
        dataSource={list.items}
        renderItem={(r) => (
          <List.Item data-testid={`hospital-review-${r.id}`}>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap>
                <Rate disabled value={r.overall} style={{ fontSize: 14 }} />
                <Typography.Text>{r.department}</Typography.Text>
                <Typography.Text type="secondary">{r.care_month}</Typography.Text>
                <ModerationTag state={r.moderation_state} />
                {r.findings.filter((f) => !f.startsWith('unmaskable')).map((f) => (
                  <Tag key={f}>{t(`reviews.finding.${f}`)}</Tag>
                ))}
              </Space>
              <Typography.Paragraph style={{ margin: 0 }}>{r.comment_masked}</Typography.Paragraph>
            </Space>
          </List.Item>
        )}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </>
  );
}

function OutreachTasks() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [state, setState] = useState<Outreach['state'] | 'all'>('open');
  const list = useCursorList<Outreach, OutreachPage>((cursor) => listOutreach(state === 'all' ? undefined : state, cursor), [state]);
  const [acting, setActing] = useState<{ task: Outreach; action: 'contact' | 'resolve' | 'escalate' } | null>(null);
  const [note, setNote] = useState('');

  const act = useCallback(async () => {
    if (!acting) return;
    try {
      await actOnOutreach(acting.task.id, { action: acting.action, note: note.trim() || undefined });
      message.success(t('reviews.outreach.done'));
      setActing(null);
      setNote('');
      list.reload();
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  }, [acting, note, list, message, t]);

  if (list.error) return <ErrorResult error={list.error} onRetry={list.reload} />;
  const open = (task: Outreach) => task.state === 'open' || task.state === 'contacted';
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Segmented
        data-testid="outreach-filter"
        value={state}
        onChange={(v) => setState(v)}
        options={(['open', 'contacted', 'resolved', 'escalated', 'all'] as const).map((s) => ({
          value: s,
          label: s === 'all' ? t('reviews.outreach.all') : t(`reviews.outreach.state.${s}`),
        }))}
      />
      <Table<Outreach>
        data-testid="outreach-table"
        size="small"
        rowKey="id"
        loading={list.loading && list.items.length === 0}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('reviews.aggregate.department'), dataIndex: 'department' },
          { title: t('reviews.outreach.overall'), dataIndex: 'overall', render: (v: number) => <Rate disabled value={v} style={{ fontSize: 12 }} /> },
          {
            title: t('reviews.outreach.reasons'),
            key: 'reasons',
            render: (_: unknown, o) => (
              <Space wrap size={4}>
                {o.reasons.map((r) => (
                  <Tag key={r} color={r === 'harm_keyword' ? 'red' : 'orange'}>
                    {t(`reviews.outreach.reason.${r}`)}
                  </Tag>
                ))}
                {o.keywords.map((k) => (
                  <Tag key={k}>{k}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('reviews.outreach.comment'), dataIndex: 'comment_masked', render: (v: string | null) => v ?? '—' },
          {
            title: t('reviews.outreach.due_on'),
            key: 'due',
            render: (_: unknown, o) => (
              <Space size={4}>
                {o.due_on}
                {o.overdue && <Tag color="red">{t('reviews.outreach.overdue')}</Tag>}
              </Space>
            ),
          },
          { title: t('reviews.outreach.state_title'), dataIndex: 'state', render: (s: string) => <OutreachTag state={s} /> },
          {
            title: t('reviews.outreach.actions'),
            key: 'actions',
            render: (_: unknown, o) =>
              open(o) ? (
                <Space wrap size={4} data-testid={`outreach-actions-${o.id}`}>
                  {o.state === 'open' && (
                    <Button size="small" onClick={() => setActing({ task: o, action: 'contact' })}>
                      {t('reviews.outreach.action.contact')}
                    </Button>
                  )}
                  <Button size="small" type="primary" onClick={() => setActing({ task: o, action: 'resolve' })}>
                    {t('reviews.outreach.action.resolve')}
                  </Button>
                  <Button size="small" danger onClick={() => setActing({ task: o, action: 'escalate' })}>
                    {t('reviews.outreach.action.escalate')}
                  </Button>
                </Space>
              ) : (
                (o.note ?? '—')
              ),
          },
        ]}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
      <Modal
        open={acting !== null}
        title={acting ? t(`reviews.outreach.action.${acting.action}`) : ''}
        onCancel={() => setActing(null)}
        onOk={act}
        okText={t('reviews.outreach.confirm')}
        okButtonProps={{ 'data-testid': 'outreach-confirm' }}
        cancelText={t('reviews.outreach.cancel')}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('reviews.outreach.note')} data-testid="outreach-note" />
          {acting?.action === 'escalate' && (
            <Typography.Text>
              {t('reviews.outreach.escalate_hint')} <Link to="/disputes/complaints/new">{t('reviews.outreach.complaint_form')}</Link>
            </Typography.Text>
          )}
        </Space>
      </Modal>
    </Space>
  );
}

export default function HospitalReviewsPage() {
  const { t } = useTranslation();
  const [aspects, setAspects] = useState<ReviewAspects | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    getAspects().then(setAspects, setError);
  }, []);
  if (error) return <ErrorResult error={error} />;
  if (!aspects) return <PageLoading />;
  return (
    <PageContainer title={t('menu.reviews_hospital')}>
      <Card size="small">
        <Tabs
          items={[
            { key: 'statistics', label: t('reviews.hospital.statistics'), children: <Statistics aspects={aspects} /> },
            { key: 'outreach', label: t('reviews.hospital.outreach'), children: <OutreachTasks /> },
            { key: 'comments', label: t('reviews.hospital.comments'), children: <Comments /> },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
