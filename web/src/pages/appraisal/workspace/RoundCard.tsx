// One Delphi round as an expert meets it: while open, the anonymous answer form (once per round);
// after closing, the group's median, quartiles, IQR, CV, distribution (or Kendall's W for rankings),
// the consensus and the anonymized reasons — the basis for revising in the next round.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageLoading } from '../../../components/PageLoading';
import { formatStat, getRound, submitAnswers, type DelphiAnswer, type DelphiItemStatistics, type DelphiRoundView } from './api';

type Item = DelphiRoundView['study']['items'][number];

export function RoundCard({ roundId }: { roundId: number }) {
  const { t } = useTranslation();
  const [round, setRound] = useState<DelphiRoundView>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => {
    setError(undefined);
    getRound(roundId).then(setRound, setError);
  }, [roundId]);
  useEffect(load, [load]);
  if (error) return <ErrorResult error={error} onRetry={load} />;
  if (!round) return <PageLoading />;
  const title = `${round.study.title} · ${t('appraisal.round_number', { n: round.round_number })}`;
  return (
    <Card title={title} size="small" data-testid={`delphi-round-${round.id}`}
      extra={<Tag color={round.status === 'open' ? 'blue' : 'default'}>{t(`appraisal.round_status.${round.status}`)}</Tag>}>
      {round.status === 'open' && !round.my_answers && <AnswerForm round={round} onDone={setRound} />}
      {round.status === 'open' && round.my_answers && (
        <Typography.Paragraph data-testid="delphi-answered">{t('appraisal.answered_wait')}</Typography.Paragraph>
      )}
      {round.statistics && <Statistics round={round} />}
    </Card>
  );
}

function classLabel(t: (k: string) => string, item: Item, value: string) {
  return item.key === 'causation_degree' ? t(`appraisal.degree.${value}`) : item.key === 'has_fault' ? t(`appraisal.fault.${value}`) : value;
}

function AnswerForm({ round, onDone }: { round: DelphiRoundView; onDone: (r: DelphiRoundView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async (values: Record<string, string | string[] | undefined>) => {
    const answers: DelphiAnswer[] = round.study.items.map((item) => {
      const value = values[`value_${item.key}`];
      const reason = (values[`reason_${item.key}`] as string | undefined) ?? '';
      return item.kind === 'rating'
        ? { item: item.key, value: value as string, ranking: [], reason }
        : { item: item.key, value: null, ranking: (value as string[] | undefined) ?? [], reason };
    });
    setBusy(true);
    try {
      onDone(await submitAnswers(round.id, answers));
      message.success(t('appraisal.answer_sent'));
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" onFinish={submit} data-testid="delphi-answer-form">
      <Typography.Paragraph type="secondary">{t('appraisal.anonymous_hint')}</Typography.Paragraph>
      {round.study.items.map((item) => (
        <Space key={item.key} align="start" wrap style={{ width: '100%' }}>
          <Form.Item name={`value_${item.key}`} label={`${item.label_zh} / ${item.label_en}`} rules={[{ required: true, message: t('appraisal.required') }]}>
            <Select style={{ minWidth: 220 }} mode={item.kind === 'ranking' ? 'multiple' : undefined} data-testid={`answer-${item.key}`}
              options={item.classes.map((c) => ({ value: c, label: classLabel(t, item, c) }))} />
          </Form.Item>
          <Form.Item name={`reason_${item.key}`} label={t('appraisal.reason')}>
            <Input.TextArea rows={1} maxLength={4000} style={{ minWidth: 280 }} />
          </Form.Item>
        </Space>
      ))}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="delphi-submit">{t('appraisal.submit_answers')}</Button>
    </Form>
  );
}

function Statistics({ round }: { round: DelphiRoundView }) {
  const { t } = useTranslation();
  const stats = round.statistics;
  if (!stats) return null;
  const reasonsOf = (key: string) => round.reasons?.find((r) => r.item === key)?.reasons ?? [];
  return (
    <div data-testid="delphi-statistics">
      <Typography.Paragraph>
        <Tag color={stats.consensus ? 'green' : 'orange'} data-testid="delphi-consensus">
          {stats.consensus ? t('appraisal.consensus_yes') : t('appraisal.consensus_no')}
        </Tag>
        {t('appraisal.rule', { iqr: stats.rules.max_iqr_classes, cv: stats.rules.max_cv, alpha: stats.rules.kendall_alpha })}
      </Typography.Paragraph>
      {stats.items.map((s) => {
        const item = round.study.items.find((i) => i.key === s.key);
        if (!item) return null;
        return (
          <Card key={s.key} type="inner" size="small" title={`${item.label_zh} / ${item.label_en}`} style={{ marginBottom: 8 }}>
            {s.kind === 'rating' ? <RatingStats s={s} item={item} /> : <RankingStats s={s} />}
            {reasonsOf(s.key).length > 0 && (
              <>
                <Typography.Text strong>{t('appraisal.anonymous_reasons')}</Typography.Text>
                <ul>{reasonsOf(s.key).map((r, i) => <li key={i}>{r}</li>)}</ul>
              </>
            )}
          </Card>
        );
      })}
    </div>
  );
}

function RatingStats({ s, item }: { s: DelphiItemStatistics; item: Item }) {
  const { t } = useTranslation();
  return (
    <>
      <Descriptions size="small" column={{ xs: 2, md: 4 }}>
        <Descriptions.Item label={t('appraisal.median_class')}>
          <span data-testid={`median-class-${s.key}`}>{s.median_class ? classLabel(t, item, s.median_class) : '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.median')}>{formatStat(s.median, 2)}</Descriptions.Item>
        <Descriptions.Item label={t('appraisal.quartiles')}>{`${formatStat(s.q1, 2)} – ${formatStat(s.q3, 2)}`}</Descriptions.Item>
        <Descriptions.Item label={t('appraisal.iqr')}>{formatStat(s.iqr, 2)}</Descriptions.Item>
        <Descriptions.Item label={t('appraisal.cv')}>{formatStat(s.cv)}</Descriptions.Item>
        <Descriptions.Item label={t('appraisal.responses')}>{s.responses}</Descriptions.Item>
      </Descriptions>
      <Table size="small" pagination={false} rowKey="class" dataSource={s.distribution ?? []}
        columns={[
          { title: t('appraisal.class'), dataIndex: 'class', render: (c: string) => classLabel(t, item, c) },
          { title: t('appraisal.count'), dataIndex: 'count' },
        ]} />
    </>
  );
}

function RankingStats({ s }: { s: DelphiItemStatistics }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={{ xs: 2, md: 3 }}>
      <Descriptions.Item label={t('appraisal.group_order')}>{(s.order ?? []).join(' > ')}</Descriptions.Item>
      <Descriptions.Item label="Kendall W">{formatStat(s.kendall_w)}</Descriptions.Item>
      <Descriptions.Item label="χ²">{`${formatStat(s.chi_square, 2)} (df ${s.degrees_of_freedom ?? '—'})`}</Descriptions.Item>
      <Descriptions.Item label="p">{formatStat(s.p_value, 4)}</Descriptions.Item>
    </Descriptions>
  );
}
