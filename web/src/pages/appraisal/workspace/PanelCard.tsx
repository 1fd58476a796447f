// One of the expert's panels: the case, the members (declined ones marked), declining with a reason
// (a replacement is drawn by the same rules), the expert's own opinion and the panel's Delphi rounds.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Descriptions, Input, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageLoading } from '../../../components/PageLoading';
import { declinePanel, getPanel, listOpinions, type Opinion, type PanelView } from './api';
import { OpinionForm } from './OpinionForm';
import { RoundCard } from './RoundCard';

export function PanelCard({ panelId, myExpertId }: { panelId: number; myExpertId?: number }) {
  const { t } = useTranslation();
  const [panel, setPanel] = useState<PanelView>();
  const [opinion, setOpinion] = useState<Opinion>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => {
    setError(undefined);
    Promise.all([getPanel(panelId), listOpinions(panelId)]).then(([p, o]) => {
      setPanel(p);
      setOpinion(o.items[0]);
    }, setError);
  }, [panelId]);
  useEffect(load, [load]);
  if (error) return <ErrorResult error={error} onRetry={load} />;
  if (!panel) return <PageLoading />;
  const me = panel.members.find((m) => m.expert_id === myExpertId);
  const active = me?.status === 'active';
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`panel-${panel.id}`}>
      <Card size="small" title={t('appraisal.panel_title', { id: panel.id, case_id: panel.case_id })}
        extra={active && opinion?.status !== 'signed' ? <DeclineButton panel={panel} expertId={me.expert_id} onDone={setPanel} /> : undefined}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('appraisal.specialty')}>{panel.specialty}</Descriptions.Item>
          <Descriptions.Item label={t('appraisal.size')}>{panel.size}</Descriptions.Item>
          <Descriptions.Item label={t('appraisal.study_status')}>
            {panel.delphi ? t(`appraisal.study.${panel.delphi.study.status}`) : '—'}
          </Descriptions.Item>
        </Descriptions>
        <Space wrap>
          {panel.members.map((m) => (
            <Tag key={m.expert_id} color={m.status === 'active' ? 'blue' : 'default'}>
              {m.display_name}{m.status === 'declined' ? ` · ${t('appraisal.declined')}` : ''}
            </Tag>
          ))}
        </Space>
      </Card>
      {active && (
        <Card size="small" title={t('appraisal.my_opinion')}>
          <OpinionForm panelId={panel.id} opinion={opinion} onChange={setOpinion} />
        </Card>
      )}
      {!active && <Typography.Paragraph type="secondary">{t('appraisal.not_active')}</Typography.Paragraph>}
      {(panel.delphi?.rounds ?? []).map((r) => <RoundCard key={r.id} roundId={r.id} />)}
    </Space>
  );
}

function DeclineButton({ panel, expertId, onDone }: { panel: PanelView; expertId: number; onDone: (p: PanelView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const submit = async () => {
    try {
      onDone(await declinePanel(panel.id, expertId, reason.trim()));
      message.success(t('appraisal.declined_done'));
      setOpen(false);
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };
  return (
    <>
      <Button danger onClick={() => setOpen(true)} data-testid="decline-open">{t('appraisal.decline')}</Button>
      <Modal open={open} title={t('appraisal.decline')} onOk={submit} onCancel={() => setOpen(false)}
        okText={t('appraisal.decline')} cancelText={t('appraisal.cancel')} okButtonProps={{ disabled: !reason.trim() }}>
        <Typography.Paragraph type="secondary">{t('appraisal.decline_hint')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="decline-reason" />
      </Modal>
    </>
  );
}
