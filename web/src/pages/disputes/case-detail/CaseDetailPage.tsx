// One dispute case for every party: state, channel, the clocks with their due dates, the materials still
// missing, the timeline, and the steps the signed-in role may take (POST /cases/{id}/transitions); below
// them the sections of the other work on the case (health-authority report, appraisal, compensation,
// mediation with its forms, legal aid), each shown only to those it concerns.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Descriptions, Input, List, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { formatDateTime, formatFen } from '../../../components/format';
import { currentLanguage } from '../../../i18n';
import {
  ACTIONS_BY_ROLE, caseEvents, caseMaterials, getCase, transitionCase,
  type CaseEvent, type CaseTransition, type DisputeCase, type Materials,
} from '../api';
import { AppraisalSection } from './AppraisalSection';
import { ClaimSection } from './ClaimSection';
import { LinkedIncidents } from '../../incidents/LinkedIncidents';
import { CompensationSection } from './CompensationSection';
import { HealthReportSection } from './HealthReportSection';
import { LegalAidSection } from './LegalAidSection';
import { MediationExtensionSection } from './MediationExtensionSection';
import { MediationSection } from './MediationSection';
import { REVIEWER_ROLES, ReviewButtons } from './MaterialReview';
import { ConsentCard, UploadButton } from './PatientPanels';

function ActionBar({ c, onDone }: { c: DisputeCase; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const [action, setAction] = useState<CaseTransition['action']>();
  const [channel, setChannel] = useState<CaseTransition['channel']>('people_mediation');
  const [reason, setReason] = useState('');
  const roles = me?.user.roles ?? [];
  const actions = [...new Set(roles.flatMap((r) => ACTIONS_BY_ROLE[r] ?? []))];
  if (actions.length === 0) return null;
  const run = async () => {
    if (!action) return;
    try {
      await transitionCase(c.id, { action, channel: action === 'accept' ? channel : undefined, reason: reason || undefined });
      message.success(t('disputes.case.done'));
      setReason('');
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };
  return (
    <Card size="small" title={t('disputes.case.actions')}>
      <Space wrap>
        <Select
          style={{ width: 200 }}
          placeholder={t('disputes.case.choose_action')}
          value={action}
          onChange={setAction}
          data-testid="case-action"
          options={actions.map((a) => ({ value: a, label: t(`disputes.action.${a}`) }))}
        />
        {action === 'accept' && (
          <Select
            style={{ width: 180 }}
            value={channel}
            onChange={setChannel}
            options={(['people_mediation', 'administrative_mediation', 'negotiation'] as const).map((ch) => ({
              value: ch,
              label: t(`disputes.channel.${ch}`),
            }))}
          />
        )}
        <Input placeholder={t('disputes.case.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
        <Button type="primary" onClick={() => void run()} disabled={!action} data-testid="case-action-submit">
          {t('disputes.case.submit')}
        </Button>
      </Space>
    </Card>
  );
}

export default function CaseDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const { me } = useAuth();
  const isPatient = (me?.user.roles ?? []).includes('patient');
  const isReviewer = (me?.user.roles ?? []).some((r) => REVIEWER_ROLES.includes(r));
  const [c, setCase] = useState<DisputeCase | null>(null);
  const [events, setEvents] = useState<CaseEvent[]>([]);
  const [materials, setMaterials] = useState<Materials | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    setError(null);
    Promise.all([getCase(id), caseEvents(id), caseMaterials(id)])
      .then(([k, e, m]) => {
        setCase(k);
        setEvents(e);
        setMaterials(m);
      })
      .catch(setError);
  }, [id]);
  useEffect(load, [load]);
  if (error) return <ErrorResult error={error} onRetry={load} />;
  if (!c) return null;
  return (
    <PageContainer title={t('disputes.case.title', { id: c.id })}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('disputes.workspace.state')}>
              <Tag data-testid="case-state">{t(`disputes.state.${c.state}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('disputes.case.type')}>{t(`disputes.case_type.${c.case_type}`)}</Descriptions.Item>
            <Descriptions.Item label={t('disputes.complaint.department')}>{c.department}</Descriptions.Item>
            <Descriptions.Item label={t('disputes.case.channel')}>{c.channel ? t(`disputes.channel.${c.channel}`) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('disputes.case.demand')}>{formatFen(c.compensation_demand_fen)}</Descriptions.Item>
            <Descriptions.Item label={t('disputes.complaint.narrative')}>
              {c.narrative_withheld ? <Typography.Text type="secondary">{t('disputes.case.withheld')}</Typography.Text> : c.narrative}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <ClaimSection caseId={c.id} refreshKey={c.state} />
        <LinkedIncidents caseId={c.id} department={c.department} />
        <Card size="small" title={t('disputes.case.deadlines')}>
          <List
            data-testid="case-deadlines"
            dataSource={c.deadlines}
            locale={{ emptyText: t('disputes.case.no_deadline') }}
            renderItem={(d) => (
              <List.Item>
                <span>{t(`disputes.deadline.${d.id}`)}</span>
                <Space>
                  <Typography.Text type={d.overdue ? 'danger' : undefined}>
                    {d.due.includes('T') ? formatDateTime(d.due) : d.due}
                  </Typography.Text>
                  {d.paused && <Tag color="blue">{t('disputes.case.paused')}</Tag>}
                  {d.overdue && <Tag color="red">{t('disputes.case.overdue')}</Tag>}
                  {d.calendar_uncovered && <Tag color="orange">{t('disputes.case.calendar_uncovered')}</Tag>}
                </Space>
              </List.Item>
            )}
          />
        </Card>
        <HealthReportSection c={c} onChanged={load} />
        <MediationExtensionSection c={c} onChanged={load} />
        <Card size="small" title={t('disputes.case.missing')}>
          <List
            data-testid="case-missing"
            dataSource={materials?.items.filter((i) => i.required && i.status !== 'accepted') ?? []}
            locale={{ emptyText: t('disputes.case.complete') }}
            renderItem={(i) => (
              <List.Item>
                <span>{currentLanguage() === 'en-US' ? i.name_en : i.name_zh}</span>
                <span>
                  <Tag data-testid={`material-status-${i.item_id}`}>{t(`disputes.material_status.${i.status}`)}</Tag>
                  {i.status === 'rejected' && i.rejection_reason && <Typography.Text type="secondary">{i.rejection_reason} </Typography.Text>}
                  {isPatient && <UploadButton caseId={c.id} itemId={i.item_id} onDone={load} />}
                  {isReviewer && i.status === 'uploaded' && <ReviewButtons caseId={c.id} itemId={i.item_id} onDone={load} />}
                </span>
              </List.Item>
            )}
          />
        </Card>
        {isPatient && <ConsentCard caseId={c.id} />}
        <ActionBar c={c} onDone={load} />
        <AppraisalSection caseId={c.id} />
        <CompensationSection caseId={c.id} />
        <MediationSection c={c} onChanged={load} />
        <LegalAidSection c={c} events={events} onChanged={load} />
        <Card size="small" title={t('disputes.case.timeline')}>
          <Timeline
            data-testid="case-timeline"
            items={events.map((e) => ({
              children: (
                <span data-testid={`timeline-${e.kind}`}>
                  {t(`disputes.event.${e.kind}`)}
                  {e.kind === 'agreement_signed' && typeof e.details.side === 'string' && ` · ${t(`disputes.screen.side.${e.details.side}`)}`}
                  {e.kind === 'record_sealing' && typeof e.details.ledger_leaf_index === 'number' && (
                    <>
                      {' · '}
                      <Typography.Link
                        data-testid="sealing-ledger-proof"
                        href={`/api/v1/ledger/leaves/${e.details.ledger_leaf_index}/proof`}
                        target="_blank"
                        rel="noopener noreferrer"
                      >
                        {t('disputes.case.ledger_leaf', { index: e.details.ledger_leaf_index })}
                      </Typography.Link>
                    </>
                  )}
                  {' '}{e.to_state ? `→ ${t(`disputes.state.${e.to_state}`)}` : ''}{' '}
                  <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                </span>
              ),
            }))}
          />
        </Card>
      </Space>
    </PageContainer>
  );
}
