// One insurance claim (理赔) for the adjuster: summary and cover, the Insurance-Law clock, reserves,
// the decision (with a supervisor's approval above the adjuster's authority), payments and the timeline.
// While a payment waits for the bank the page re-reads the claim, so the confirmation shows by itself.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Input, Popconfirm, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { formatDateTime } from '../../../components/format';
import {
  claimEvents, getClaim, listPayments, listReserves, markMaterialsComplete, withdrawClaim,
  type Claim, type ClaimEvent, type Payment, type Reserve,
} from '../api';
import { DeadlinesCard } from './DeadlinesCard';
import { DecisionCard } from './DecisionCard';
import { PaymentsCard } from './PaymentsCard';
import { ReservesCard } from './ReservesCard';
import { SummaryCard } from './SummaryCard';

/** How often the page re-reads a claim whose payment is with the bank (a named limit, not a test timing). */
const BANK_POLL_MS = 2_000;

function ClaimActions({ claim: c, onDone }: { claim: Claim; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      message.success(t('claims.workspace.done'));
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };
  const canComplete = c.state === 'open';
  const canWithdraw = c.state === 'open' || c.state === 'assessing';
  if (!canComplete && !canWithdraw) return null;
  return (
    <Card size="small" title={t('claims.workspace.actions')}>
      <Space wrap>
        {canComplete && (
          <Button onClick={() => void run(() => markMaterialsComplete(c.id))} data-testid="claim-materials-complete">
            {t('claims.workspace.materials_complete')}
          </Button>
        )}
        {canWithdraw && (
          <>
            <Input placeholder={t('claims.workspace.withdraw_reason')} value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 240 }} />
            <Popconfirm title={t('claims.workspace.withdraw_confirm')} onConfirm={() => void run(() => withdrawClaim(c.id, reason))} disabled={!reason.trim()}>
              <Button danger disabled={!reason.trim()} data-testid="claim-withdraw">{t('claims.workspace.withdraw')}</Button>
            </Popconfirm>
          </>
        )}
      </Space>
    </Card>
  );
}

function ClaimTimeline({ events }: { events: ClaimEvent[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('claims.workspace.timeline')}>
      <Timeline
        data-testid="claim-timeline"
        items={events.map((e) => ({
          children: (
            <span>
              {t(`claims.event.${e.kind}`, { defaultValue: e.kind.replace(/_/g, ' ') })}{' '}
              {e.to_state && e.to_state !== e.from_state ? `→ ${t(`claims.state.${e.to_state}`)}` : ''}{' '}
              <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
            </span>
          ),
        }))}
      />
    </Card>
  );
}

export default function ClaimWorkspacePage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const { has } = useAuth();
  const [claim, setClaim] = useState<Claim | null>(null);
  const [reserves, setReserves] = useState<Reserve[]>([]);
  const [payments, setPayments] = useState<Payment[]>([]);
  const [events, setEvents] = useState<ClaimEvent[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    Promise.all([getClaim(id), listReserves(id), listPayments(id), claimEvents(id)])
      .then(([c, r, p, e]) => {
        setClaim(c);
        setReserves(r.items);
        setPayments(p.items);
        setEvents(e);
        setError(null);
      })
      .catch(setError);
  }, [id]);
  useEffect(load, [load]);
  const waiting = payments.some((p) => p.state === 'instructed');
  useEffect(() => {
    if (!waiting) return undefined;
    const timer = window.setInterval(load, BANK_POLL_MS);
    return () => window.clearInterval(timer);
  }, [waiting, load]);

  if (error && !claim) return <ErrorResult error={error} onRetry={load} />;
  if (!claim) return null;
  const canHandle = has('claims.handle');
  return (
    <PageContainer title={t('claims.workspace.title', { number: claim.claim_number })}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <SummaryCard claim={claim} />
        <DeadlinesCard deadlines={claim.deadlines} />
        {canHandle && <ClaimActions claim={claim} onDone={load} />}
        <ReservesCard claimId={claim.id} reserves={reserves} canSet={has('reserves.set') && !['paid', 'denied', 'withdrawn'].includes(claim.state)} onDone={load} />
        <DecisionCard claim={claim} onDone={load} />
        <PaymentsCard claim={claim} payments={payments} canPay={has('payments.instruct')} onDone={load} />
        <ClaimTimeline events={events} />
      </Space>
    </PageContainer>
  );
}
