// The decision on a claim: the adjuster approves, approves in part (amount and reason codes) or denies
// (reason codes); above the decider's authority the claim waits for a supervisor, who approves or
// rejects the decision here. The recorded decision is shown once made.
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { formatDateTime, formatFen } from '../../../components/format';
import { approveDecision, decide, DENY_REASONS, PARTIAL_REASONS, type Claim } from '../api';
import { yuanToFen } from '../../../lib/money';

interface DecisionForm {
  outcome: 'approve' | 'partial' | 'deny';
  amount_yuan?: string;
  reason_codes?: string[];
  note?: string;
}

function RecordedDecision({ claim: c }: { claim: Claim }) {
  const { t } = useTranslation();
  const d = c.decision;
  if (!d) return null;
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="claim-decision" items={[
      { key: 'outcome', label: t('claims.decision.outcome'), children: <span data-testid="decision-outcome">{t(`claims.decision.outcomes.${d.outcome}`)}</span> },
      { key: 'amount', label: t('claims.decision.amount'), children: formatFen(d.amount_fen ?? c.payable_fen) },
      { key: 'reasons', label: t('claims.decision.reason_codes'), children: d.reason_codes.length ? d.reason_codes.map((r) => t(`claims.reason.${r}`)).join('；') : '—' },
      { key: 'note', label: t('claims.decision.note'), children: d.note || '—' },
      { key: 'at', label: t('claims.decision.decided_at'), children: formatDateTime(d.decided_at) },
    ]} />
  );
}

function ApprovalButtons({ claim: c, onDone }: { claim: Claim; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (approve: boolean) => {
    setBusy(true);
    try {
      await approveDecision(c.id, { approve, note: note || undefined });
      message.success(t(approve ? 'claims.decision.approved' : 'claims.decision.rejected'));
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap style={{ marginTop: 8 }}>
      <Input placeholder={t('claims.decision.note')} value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 240 }} />
      <Button type="primary" loading={busy} onClick={() => void act(true)} data-testid="approval-approve">{t('claims.decision.approve_decision')}</Button>
      <Button danger loading={busy} onClick={() => void act(false)} data-testid="approval-reject">{t('claims.decision.reject_decision')}</Button>
    </Space>
  );
}

function DecisionFormView({ claim: c, onDone }: { claim: Claim; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionForm>();
  const outcome = Form.useWatch('outcome', form);
  const [busy, setBusy] = useState(false);
  // Without an agreement or judgment the adjuster states the loss: the server applies the cover to it.
  const needsAmount = outcome === 'partial' || (outcome === 'approve' && c.agreed_amount_fen == null);
  const reasons = outcome === 'deny' ? DENY_REASONS : outcome === 'partial' ? PARTIAL_REASONS : [];
  const submit = async (v: DecisionForm) => {
    setBusy(true);
    try {
      const amount = needsAmount ? yuanToFen(v.amount_yuan) ?? undefined : undefined;
      const updated = await decide(c.id, { outcome: v.outcome, amount_fen: amount, reason_codes: v.reason_codes ?? [], note: v.note || undefined });
      message.success(t(updated.state === 'awaiting_approval' ? 'claims.decision.sent_for_approval' : 'claims.decision.saved'));
      form.resetFields();
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<DecisionForm> form={form} layout="vertical" initialValues={{ outcome: 'approve' }} onFinish={(v) => void submit(v)} data-testid="decision-form">
      <Form.Item name="outcome" label={t('claims.decision.outcome')}>
        <Radio.Group
          data-testid="decision-outcome-input"
          onChange={() => form.setFieldValue('reason_codes', [])}
          options={(['approve', 'partial', 'deny'] as const).map((o) => ({ value: o, label: t(`claims.decision.outcomes.${o}`) }))}
        />
      </Form.Item>
      {needsAmount && (
        <Form.Item name="amount_yuan" label={t(outcome === 'partial' ? 'claims.decision.amount' : 'claims.decision.base_amount')}
          extra={outcome === 'approve' ? t('claims.decision.base_amount_hint') : undefined}
          rules={[{ required: true, message: t('claims.form.required') }]}>
          <InputNumber<string> stringMode min="0" step="0.01" precision={2} prefix="¥" style={{ width: 200 }} data-testid="decision-amount" />
        </Form.Item>
      )}
      {reasons.length > 0 && (
        <Form.Item name="reason_codes" label={t('claims.decision.reason_codes')} rules={[{ required: true, message: t('claims.form.required') }]}>
          <Select mode="multiple" data-testid="decision-reasons" options={reasons.map((r) => ({ value: r, label: t(`claims.reason.${r}`) }))} />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('claims.decision.note')}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="decision-note" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="decision-submit">{t('claims.decision.submit')}</Button>
    </Form>
  );
}

export function DecisionCard({ claim: c, onDone }: { claim: Claim; onDone: () => void }) {
  const { t } = useTranslation();
  const { has, me } = useAuth();
  const canDecide = has('claims.handle');
  const isDecider = c.decision?.decided_by_user_id === me?.user.id;
  if (!c.decision && !(canDecide && c.state === 'assessing')) return null;
  return (
    <Card size="small" title={t('claims.decision.title')}>
      <RecordedDecision claim={c} />
      {c.state === 'awaiting_approval' && (
        <>
          <Alert type="warning" showIcon message={t('claims.decision.awaiting_approval')} data-testid="awaiting-approval" />
          {canDecide && !isDecider && <ApprovalButtons claim={c} onDone={onDone} />}
        </>
      )}
      {canDecide && c.state === 'assessing' && <DecisionFormView claim={c} onDone={onDone} />}
    </Card>
  );
}
