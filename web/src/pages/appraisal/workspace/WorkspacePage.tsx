// The expert workspace (appraisal.opine): my panel assignments with the opinion form and the panel's
// Delphi rounds, and every Delphi round I take part in (panels and surveys such as rating factors).
import { useCallback, useEffect, useState } from 'react';
import { Card, Empty, Table, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { PageLoading } from '../../../components/PageLoading';
import { listPanels, listRounds, type DelphiRound, type Panel } from './api';
import { PanelCard } from './PanelCard';
import { RoundCard } from './RoundCard';

export default function WorkspacePage() {
  const { t } = useTranslation();
  const [panels, setPanels] = useState<Panel[]>();
  const [rounds, setRounds] = useState<DelphiRound[]>();
  const [myExpertId, setMyExpertId] = useState<number>();
  const [panelId, setPanelId] = useState<number>();
  const [roundId, setRoundId] = useState<number>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => {
    setError(undefined);
    Promise.all([listPanels(), listRounds(), request(api.GET('/api/v1/experts'))]).then(([p, r, e]) => {
      setPanels(p);
      setRounds(r);
      setMyExpertId(e.items[0]?.id);
      setPanelId((current) => current ?? p[0]?.id);
    }, setError);
  }, []);
  useEffect(load, [load]);

  let body;
  if (error) body = <ErrorResult error={error} onRetry={load} />;
  else if (!panels || !rounds) body = <PageLoading />;
  else
    body = (
      <Tabs
        items={[
          {
            key: 'panels',
            label: t('appraisal.my_panels'),
            children: panels.length === 0 ? <Empty description={t('appraisal.no_panels')} data-testid="no-panels" /> : (
              <>
                <Table<Panel> size="small" rowKey="id" pagination={false} dataSource={panels} data-testid="panel-list"
                  onRow={(p) => ({ onClick: () => setPanelId(p.id), style: { cursor: 'pointer' } })}
                  rowClassName={(p) => (p.id === panelId ? 'ant-table-row-selected' : '')}
                  columns={[
                    { title: t('appraisal.panel'), dataIndex: 'id' },
                    { title: t('appraisal.case'), dataIndex: 'case_id' },
                    { title: t('appraisal.specialty'), dataIndex: 'specialty' },
                    { title: t('appraisal.created_at'), dataIndex: 'created_at' },
                  ]} />
                {panelId && <div style={{ marginTop: 16 }}><PanelCard key={panelId} panelId={panelId} myExpertId={myExpertId} /></div>}
              </>
            ),
          },
          {
            key: 'rounds',
            label: t('appraisal.my_rounds'),
            children: rounds.length === 0 ? <Empty description={t('appraisal.no_rounds')} /> : (
              <>
                <Table<DelphiRound> size="small" rowKey="id" pagination={false} dataSource={rounds} data-testid="round-list"
                  onRow={(r) => ({ onClick: () => setRoundId(r.id), style: { cursor: 'pointer' } })}
                  columns={[
                    { title: t('appraisal.round'), dataIndex: 'id' },
                    { title: t('appraisal.round_no'), dataIndex: 'round_number' },
                    { title: t('appraisal.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`appraisal.round_status.${s}`)}</Tag> },
                    { title: t('appraisal.responses'), dataIndex: 'responses' },
                  ]} />
                {roundId && <div style={{ marginTop: 16 }}><RoundCard key={roundId} roundId={roundId} /></div>}
              </>
            ),
          },
        ]}
      />
    );
  return (
    <PageContainer title={t('menu.appraisal_workspace')}>
      <Card data-testid="appraisal-workspace">{body}</Card>
    </PageContainer>
  );
}
