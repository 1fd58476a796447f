// The case page's mediation record (read-only): the sessions with schedule, place, attendees, minutes,
// offers and counter-offers (fen shown as CNY) and outcome, and the agreement with both parties'
// signatures (GET /cases/{id}/mediation-sessions, GET /cases/{id}/agreement). Hidden where not readable.
import { useEffect, useState } from 'react';
import { Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError, request, type Schemas } from '../../../api/client';
import { formatDateTime } from '../../../components/format';
import { formatFen } from '../../compensation/calculator/api';

type Session = Schemas['MediationSession'];
type Agreement = Schemas['Agreement'];

const readable = <T,>(p: Promise<T>) =>
  p.then((v): T | null => v, (e: unknown) => { if (e instanceof ApiError && e.status >= 400 && e.status < 500) return null; throw e; });

export function MediationSection({ caseId }: { caseId: number }) {
  const { t } = useTranslation();
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [agreement, setAgreement] = useState<Agreement | null>(null);
  useEffect(() => {
    const path = { params: { path: { id: caseId } } };
    void readable(request(api.GET('/api/v1/cases/{id}/mediation-sessions', path))).then((s) => setSessions(s?.items ?? null), () => setSessions(null));
    void readable(request(api.GET('/api/v1/cases/{id}/agreement', path))).then(setAgreement, () => setAgreement(null));
  }, [caseId]);
  if (!sessions?.length && !agreement) return null;
  return (
    <Card size="small" title={t('disputes.screen.mediation')} data-testid="case-mediation">
      <List size="small" dataSource={sessions ?? []} data-testid="mediation-sessions" renderItem={(s) => (
        <List.Item>
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
            children: agreement.patient_signature ? `${agreement.patient_signature} ${formatDateTime(agreement.patient_signed_at ?? '')}` : t('disputes.screen.unsigned') },
          { key: 'provider', label: t('disputes.screen.provider_signature'),
            children: agreement.provider_signature ? `${agreement.provider_signature} ${formatDateTime(agreement.provider_signed_at ?? '')}` : t('disputes.screen.unsigned') },
        ]} />
      )}
    </Card>
  );
}
