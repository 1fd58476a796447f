// The case page's "鉴定 / Appraisal" section: the case's expert panels (members by display name, state),
// the Delphi consensus as the API gives it to this viewer, and the signed opinions where the viewer may
// read them (parties see the consensus only: GET /panels/{id}/opinions answers 404 to them).
import { useCallback, useEffect, useState } from 'react';
import { Alert, Card, Descriptions, List, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../../api/client';
import { formatDateTime } from '../../../components/format';
import { currentLanguage } from '../../../i18n';
import { formatStat, getPanel, listOpinions, listPanels, type Opinion, type PanelView } from '../../appraisal/workspace/api';

type Statistics = NonNullable<NonNullable<PanelView['delphi']>['latest_statistics']>;
type Item = NonNullable<PanelView['delphi']>['study']['items'][number];
interface Loaded { panel: PanelView; opinions: Opinion[] | null }

const hidden = (e: unknown) => e instanceof ApiError && (e.status === 403 || e.status === 404);

async function loadPanels(caseId: number): Promise<Loaded[]> {
  const mine = (await listPanels()).filter((p) => p.case_id === caseId);
  return Promise.all(mine.map(async (p) => ({
    panel: await getPanel(p.id),
    opinions: await listOpinions(p.id).then((o) => o.items, (e: unknown) => { if (hidden(e)) return null; throw e; }),
  })));
}

export function AppraisalSection({ caseId }: { caseId: number }) {
  const { t } = useTranslation();
  const [panels, setPanels] = useState<Loaded[]>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => {
    loadPanels(caseId).then(setPanels, (e: unknown) => (hidden(e) ? setPanels(undefined) : setError(e)));
  }, [caseId]);
  useEffect(load, [load]);
  if (error) return <Alert type="error" showIcon message={errorMessage(error, t)} />;
  if (!panels) return null;
  return (
    <Card size="small" title={t('disputes.screen.appraisal')} data-testid="case-appraisal">
      {panels.length === 0 && <Typography.Text type="secondary">{t('disputes.screen.no_panel')}</Typography.Text>}
      {panels.map(({ panel, opinions }) => (
        <Space key={panel.id} direction="vertical" style={{ width: '100%' }} data-testid={`case-panel-${panel.id}`}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('appraisal.specialty')}>{panel.specialty}</Descriptions.Item>
            <Descriptions.Item label={t('appraisal.size')}>{panel.size}</Descriptions.Item>
            <Descriptions.Item label={t('appraisal.study_status')}>
              <span data-testid="panel-state">{panel.delphi ? t(`appraisal.study.${panel.delphi.study.status}`) : '—'}</span>
            </Descriptions.Item>
          </Descriptions>
          <Space wrap data-testid="panel-members">
            {panel.members.map((m) => (
              <Tag key={m.expert_id} color={m.status === 'active' ? 'blue' : 'default'}>
                {m.display_name}{m.status === 'declined' ? ` · ${t('appraisal.declined')}` : ''}
              </Tag>
            ))}
          </Space>
          {panel.delphi?.latest_statistics
            ? <Consensus stats={panel.delphi.latest_statistics} items={panel.delphi.study.items} />
            : <Typography.Text type="secondary">{t('disputes.screen.no_consensus')}</Typography.Text>}
          {opinions === null
            ? <Typography.Text type="secondary" data-testid="opinions-hidden">{t('disputes.screen.opinions_hidden')}</Typography.Text>
            : <Opinions opinions={opinions.filter((o) => o.status === 'signed')} />}
        </Space>
      ))}
    </Card>
  );
}

function classLabel(t: (k: string) => string, key: string, value: string) {
  return key === 'causation_degree' ? t(`appraisal.degree.${value}`) : key === 'has_fault' ? t(`appraisal.fault.${value}`) : value;
}

function Consensus({ stats, items }: { stats: Statistics; items: Item[] }) {
  const { t } = useTranslation();
  const zh = currentLanguage() === 'zh-CN';
  const rows = stats.items.filter((s) => s.kind === 'rating');
  return (
    <div data-testid="case-consensus">
      <Tag color={stats.consensus ? 'green' : 'orange'}>{stats.consensus ? t('appraisal.consensus_yes') : t('appraisal.consensus_no')}</Tag>
      <Table size="small" pagination={false} rowKey="key" dataSource={rows} columns={[
        { title: t('disputes.screen.item'), dataIndex: 'key',
          render: (k: string) => { const i = items.find((x) => x.key === k); return i ? (zh ? i.label_zh : i.label_en) : k; } },
        { title: t('appraisal.median_class'), dataIndex: 'median_class',
          render: (c: string | undefined, s) => <span data-testid={`consensus-median-${s.key}`}>{c ? classLabel(t, s.key, c) : '—'}</span> },
        { title: t('appraisal.quartiles'), key: 'q', render: (_, s) => `${formatStat(s.q1, 2)} – ${formatStat(s.q3, 2)}` },
        { title: t('appraisal.cv'), dataIndex: 'cv', render: (v: number | null | undefined) => formatStat(v) },
        { title: t('disputes.screen.distribution'), dataIndex: 'distribution',
          render: (d: { class: string; count: number }[] | undefined, s) =>
            (d ?? []).map((x) => `${classLabel(t, s.key, x.class)} × ${x.count}`).join('，') },
      ]} />
    </div>
  );
}

function Opinions({ opinions }: { opinions: Opinion[] }) {
  const { t } = useTranslation();
  return (
    <List size="small" data-testid="case-opinions" header={t('disputes.screen.signed_opinions')} dataSource={opinions}
      locale={{ emptyText: t('disputes.screen.no_opinion') }}
      renderItem={(o) => (
        <List.Item>
          <Space direction="vertical" size={0}>
            <span>
              <Tag>{t(`appraisal.degree.${o.causation_degree}`)}</Tag>
              {o.disability_grades.length > 0 && t('disputes.screen.grades', { grades: o.disability_grades.join('、') })}
              {o.signed_at && <Typography.Text type="secondary"> {formatDateTime(o.signed_at)}</Typography.Text>}
            </span>
            <Typography.Text>{o.reasons}</Typography.Text>
          </Space>
        </List.Item>
      )} />
  );
}
