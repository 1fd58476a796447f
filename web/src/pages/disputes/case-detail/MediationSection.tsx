// The case page's mediation record: the sessions with schedule, place, attendees, minutes, offers and
// counter-offers (fen shown as CNY) and outcome, and the agreement with both parties' signatures and their
// times (GET /cases/{id}/mediation-sessions, GET /cases/{id}/agreement). The mediator records sessions and
// drafts the agreement while the case is in mediation; the patient and the institution's officer sign it
// (MediationForms). Hidden where not readable.
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Collapse, Descriptions, Divider, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { formatDateTime, formatFen } from '../../../components/format';
import { getAgreement, listSessions, type Agreement, type DisputeCase, type MediationSession } from '../api';
import { AgreementForm, SessionForm, SignatureForm } from './MediationForms';

const readable = <T,>(p: Promise<T>) =>
  p.then((v): T | null => v, (e: unknown) => { if (e instanceof ApiError && e.status >= 400 && e.status < 500) return null; throw e; });

export function MediationSection({ c, onChanged }: { c: DisputeCase; onChanged: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const roles = me?.user.roles ?? [];
  const [sessions, setSessions] = useState<MediationSession[] | null>(null);
  const [agreement, setAgreement] = useState<Agreement | null>(null);
  const load = useCallback(() => {
    void readable(listSessions(c.id)).then((s) => setSessions(s?.items ?? null), () => setSessions(null));
    void readable(getAgreement(c.id)).then(setAgreement, () => setAgreement(null));
  }, [c.id]);
  // c.updated_at changes with every event of the case, so the record follows the timeline.
  useEffect(load, [load, c.updated_at]);
  const changed = () => {
    load();
    onChanged();
  };
  const mediating = roles.includes('mediator') && c.state === 'mediation';
  const side = roles.includes('patient') && me?.user.id === c.patient_user_id ? 'patient'
    : roles.includes('medical_officer') && me?.user.organization?.id === c.institution_org_id ? 'provider' : null;
  const maySign = agreement != null && c.state === 'mediation' &&
    ((side === 'patient' && !agreement.patient_signature) || (side === 'provider' && !agreement.provider_signature));
  if (!sessions?.length && !agreement && !mediating) return null;
  const signature = (text: string | null, at: string | null) =>
    text ? <span>{text} <Typography.Text type="secondary">{formatDateTime(at)}</Typography.Text></span> : t('disputes.screen.unsigned');
  return (
    <Card size="small" title={t('disputes.screen.mediation')} data-testid="case-mediation">
      <List size="small" dataSource={sessions ?? []} data-testid="mediation-sessions"
        locale={{ emptyText: t('disputes.mediation_form.no_session') }} renderItem={(s) => (
          <List.Item data-testid="mediation-session">
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <span>
                <strong>{formatDateTime(s.scheduled_at)}</strong> · {s.place}
                {s.outcome && <Tag style={{ marginLeft: 8 }}>{t(`disputes.screen.outcome.${s.outcome}`)}</Tag>}
              </span>
              <Typography.Text type="secondary">{t('disputes.screen.attendees')}: {s.attendees.join('、')}</Typography.Text>
              {s.minutes && <Typography.Text>{t('disputes.screen.minutes')}: {s.minutes}</Typography.Text>}
              {s.offers.map((o, i) => (
                <span key={i} data-testid="mediation-offer">
                  {t(`disputes.screen.party.${o.party}`)}: {formatFen(o.amount_fen)}{o.note ? ` (${o.note})` : ''}
                </span>
              ))}
            </Space>
          </List.Item>
        )} />
      {agreement && (
        <Descriptions size="small" bordered column={1} title={t('disputes.screen.agreement')} data-testid="mediation-agreement" items={[
          { key: 'amount', label: t('disputes.screen.amount'), children: formatFen(agreement.amount_fen) },
          { key: 'payers', label: t('disputes.screen.payers'),
            children: agreement.payers.map((p) => `${t(`disputes.screen.payer.${p.payer}`)} ${formatFen(p.amount_fen)}`).join('；') },
          { key: 'patient', label: t('disputes.screen.patient_signature'),
            children: <span data-testid="patient-signature">{signature(agreement.patient_signature, agreement.patient_signed_at)}</span> },
          { key: 'provider', label: t('disputes.screen.provider_signature'),
            children: <span data-testid="provider-signature">{signature(agreement.provider_signature, agreement.provider_signed_at)}</span> },
        ]} />
      )}
      {agreement && (
        <Button href={`/api/v1/cases/${c.id}/agreement/document.pdf`} download style={{ marginTop: 8 }} data-testid="agreement-pdf">
          {t('disputes.screen.agreement_pdf')}
        </Button>
      )}
      {maySign && (
        <>
          <Divider />
          <SignatureForm caseId={c.id} onDone={changed} />
        </>
      )}
      {mediating && (
        <>
          <Divider />
          <Collapse size="small" data-testid="mediation-forms" items={[
            { key: 'session', label: t('disputes.mediation_form.new_session'),
              children: <SessionForm caseId={c.id} onDone={changed} /> },
            { key: 'agreement',
              label: t(agreement ? 'disputes.mediation_form.redraft_agreement' : 'disputes.mediation_form.draft_agreement'),
              children: <AgreementForm caseId={c.id} redraft={agreement != null} onDone={changed} /> },
          ]} />
        </>
      )}
    </Card>
  );
}
