// Payments of a claim: the list (masked account, state, bank reference; retry for a failed one) and the
// form that instructs a payment. Each submission of the form carries its own Idempotency-Key; until the
// user edits the form again, sending it again (a retry after a network error, a second click, even one
// that arrives after the first succeeded) carries the same key, so the server stores one payment.
import { useRef, useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { formatDateTime, formatFen } from '../../../components/format';
import { instructPayment, newIdempotencyKey, retryPayment, type Claim, type NewPayment, type Payment } from '../api';
import { fenToYuanText, yuanToFen } from '../../../lib/money';

interface PaymentForm {
  kind: 'final' | 'advance';
  amount_yuan: string;
  payee: 'patient' | 'institution';
  holder: string;
  bank: string;
  number: string;
}

const STATE_COLOR: Record<string, string> = { instructed: 'blue', confirmed: 'green', failed: 'red' };

function PaymentList({ claimId, payments, canPay, onDone }: { claimId: number; payments: Payment[]; canPay: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [retrying, setRetrying] = useState<number | null>(null);
  const retry = async (p: Payment) => {
    setRetrying(p.id);
    try {
      await retryPayment(claimId, p.id);
      message.success(t('claims.payment.retried'));
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setRetrying(null);
    }
  };
  return (
    <div className="medrisk-table-wrap">
      <Table<Payment>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={payments}
        data-testid="payments-table"
        locale={{ emptyText: t('claims.payment.none') }}
        columns={[
          { title: t('claims.payment.reference'), dataIndex: 'reference' },
          { title: t('claims.payment.kind'), dataIndex: 'kind', render: (k: string) => t(`claims.payment.kinds.${k}`) },
          { title: t('claims.payment.amount'), dataIndex: 'amount_fen', align: 'right', render: formatFen },
          { title: t('claims.payment.payee'), dataIndex: 'payee', render: (p: string) => t(`claims.payee.${p}`) },
          { title: t('claims.payment.account'), dataIndex: 'account_masked' },
          {
            title: t('claims.payment.state'),
            dataIndex: 'state',
            render: (s: string, p) => (
              <Space size={4}>
                <Tag color={STATE_COLOR[s]} data-testid={`payment-state-${p.id}`}>{t(`claims.payment.states.${s}`)}</Tag>
                {p.failure_reason && <span>{p.failure_reason}</span>}
              </Space>
            ),
          },
          { title: t('claims.payment.created_at'), dataIndex: 'created_at', render: formatDateTime },
          {
            title: '',
            key: 'retry',
            render: (_: unknown, p) =>
              canPay && p.state === 'failed' ? (
                <Button size="small" loading={retrying === p.id} onClick={() => void retry(p)} data-testid={`payment-retry-${p.id}`}>
                  {t('claims.payment.retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </div>
  );
}

function toRequest(v: PaymentForm): NewPayment | null {
  const amount = yuanToFen(v.amount_yuan);
  if (amount === undefined) return null;
  return { kind: v.kind, amount_fen: amount, payee: v.payee, bank_account: { holder: v.holder.trim(), bank: v.bank.trim(), number: v.number.replace(/\s+/g, '') } };
}

function PaymentFormView({ claim: c, onDone }: { claim: Claim; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PaymentForm>();
  const [busy, setBusy] = useState(false);
  // The current submission: its body and key. Any edit of the form starts a new one.
  const submission = useRef<{ body: string; key: string } | null>(null);
  const inFlight = useRef(false);
  const submit = async (v: PaymentForm) => {
    const body = toRequest(v);
    if (!body || inFlight.current) return;
    const serialized = JSON.stringify(body);
    if (submission.current?.body !== serialized) submission.current = { body: serialized, key: newIdempotencyKey() };
    const { key } = submission.current;
    inFlight.current = true;
    setBusy(true);
    try {
      await instructPayment(c.id, body, key);
      message.success(t('claims.payment.instructed'));
      form.setFieldValue('amount_yuan', undefined);  // (no onValuesChange: a late second click keeps the key)
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  const owed = Math.max(0, (c.payable_fen ?? 0) - c.paid_fen - c.in_flight_fen);
  return (
    <Form<PaymentForm>
      form={form}
      layout="vertical"
      style={{ marginTop: 12 }}
      data-testid="payment-form"
      initialValues={{ kind: c.state === 'approved' ? 'final' : 'advance', payee: c.payee === 'institution' ? 'institution' : 'patient',
        amount_yuan: c.state === 'approved' && owed > 0 ? fenToYuanText(owed) : undefined }}
      onFinish={(v) => void submit(v)}
      onValuesChange={() => {
        if (!inFlight.current) submission.current = null;
      }}
    >
      <Space wrap align="start">
        <Form.Item name="kind" label={t('claims.payment.kind')}>
          <Select style={{ width: 170 }} data-testid="payment-kind" options={(['final', 'advance'] as const).map((k) => ({ value: k, label: t(`claims.payment.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="amount_yuan" label={t('claims.payment.amount')} rules={[{ required: true, message: t('claims.form.required') }]}>
          <InputNumber<string> stringMode min="0.01" step="0.01" precision={2} prefix="¥" style={{ width: 180 }} data-testid="payment-amount" />
        </Form.Item>
        <Form.Item name="payee" label={t('claims.payment.payee')}>
          <Select style={{ width: 140 }} data-testid="payment-payee" options={(['patient', 'institution'] as const).map((p) => ({ value: p, label: t(`claims.payee.${p}`) }))} />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        <Form.Item name="holder" label={t('claims.payment.holder')} rules={[{ required: true, whitespace: true, message: t('claims.form.required') }]}>
          <Input style={{ width: 160 }} maxLength={100} data-testid="payment-holder" />
        </Form.Item>
        <Form.Item name="bank" label={t('claims.payment.bank')} rules={[{ required: true, whitespace: true, message: t('claims.form.required') }]}>
          <Input style={{ width: 200 }} maxLength={100} data-testid="payment-bank" />
        </Form.Item>
        <Form.Item name="number" label={t('claims.payment.number')} rules={[
          { required: true, message: t('claims.form.required') },
          { pattern: /^[\d\s]{8,34}$/, message: t('claims.payment.number_invalid') },
        ]}>
          <Input style={{ width: 240 }} inputMode="numeric" autoComplete="off" data-testid="payment-number" />
        </Form.Item>
      </Space>
      <div>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="payment-submit">{t('claims.payment.submit')}</Button>
      </div>
    </Form>
  );
}

export function PaymentsCard({ claim: c, payments, canPay, onDone }: { claim: Claim; payments: Payment[]; canPay: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const payable = c.state === 'approved' || c.state === 'assessing';
  return (
    <Card size="small" title={t('claims.payment.title')}>
      <PaymentList claimId={c.id} payments={payments} canPay={canPay} onDone={onDone} />
      {/* remounted when the state changes, so kind and amount owed start from the new state */}
      {canPay && payable && <PaymentFormView key={c.state} claim={c} onDone={onDone} />}
    </Card>
  );
}
