// Small pieces shared by the evaluation pages: the moderation state tag, the outreach state tag and
// the aggregate table (suppressed cells say so instead of showing a figure).
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AggregateCell, ReviewAspects } from './api';
import { aspectLabel } from './api';

const MODERATION_COLOR: Record<string, string> = { published: 'green', held: 'orange', rejected: 'red', none: 'default' };
const OUTREACH_COLOR: Record<string, string> = { open: 'blue', contacted: 'gold', resolved: 'green', escalated: 'red' };

export function ModerationTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={MODERATION_COLOR[state] ?? 'default'}>{t(`reviews.moderation_state.${state}`)}</Tag>;
}

export function OutreachTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={OUTREACH_COLOR[state] ?? 'default'}>{t(`reviews.outreach.state.${state}`)}</Tag>;
}

export function AggregateTable({
  cells,
  aspects,
  minCount,
  keyTitle,
  testId,
}: {
  cells: AggregateCell[];
  aspects: ReviewAspects;
  minCount: number;
  keyTitle: string;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const keys = [aspects.overall.key, ...aspects.aspects.map((a) => a.key)];
  return (
    <Table<AggregateCell>
      data-testid={testId}
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: true }}
      dataSource={cells}
      columns={[
        { title: keyTitle, dataIndex: 'label', fixed: 'left' },
        {
          title: t('reviews.aggregate.count'),
          dataIndex: 'count',
          render: (_: unknown, c) =>
            c.suppressed ? (
              <Typography.Text type="secondary" data-testid={`suppressed-${c.key}`}>
                {t('reviews.aggregate.suppressed', { min: minCount })}
              </Typography.Text>
            ) : (
              c.count
            ),
        },
        ...keys.map((key) => ({
          title: aspectLabel(aspects, key, i18n.language),
          key,
          render: (_: unknown, c: AggregateCell) => (c.suppressed || !c.means ? '—' : (c.means[key]?.toFixed(2) ?? '—')),
        })),
        {
          title: t('reviews.aggregate.distribution'),
          key: 'distribution',
          render: (_: unknown, c: AggregateCell) => (c.suppressed || !c.distribution ? '—' : c.distribution.join(' / ')),
        },
      ]}
    />
  );
}
