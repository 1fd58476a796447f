// Reserve history of a claim (never updated in place: one row per change, payments included) and the
// adjuster's form to set the new outstanding reserve: yuan typed, integer fen sent.
import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { formatDateTime, formatFen } from '../../../components/format';
import { setReserve, type Reserve } from '../api';
import { yuanToFen } from '../../../lib/money';

/** Reasons the server writes itself (a confirmed payment; the claim paid, withdrawn or denied); others are the adjuster's text. */
const SYSTEM_REASONS = ['payment', 'claim_paid', 'withdrawn', 'denied'];

interface ReserveForm {
  amount_yuan: string;
  reason: string;
}

export function ReservesCard({ claimId, reserves, canSet, onDone }: { claimId: number; reserves: Reserve[]; canSet: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReserveForm>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: ReserveForm) => {
    const amount = yuanToFen(v.amount_yuan);
    if (amount === undefined) return;
    setBusy(true);
    try {
      await setReserve(claimId, { amount_fen: amount, reason: v.reason });
      message.success(t('claims.reserve.saved'));
      form.resetFields();
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('claims.reserve.title')}>
      <div className="medrisk-table-wrap">
        <Table<Reserve>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={reserves}
          data-testid="reserve-history"
          locale={{ emptyText: t('claims.reserve.none') }}
          columns={[
            { title: t('claims.reserve.set_at'), dataIndex: 'set_at', render: formatDateTime },
            { title: t('claims.reserve.previous'), dataIndex: 'previous_fen', align: 'right', render: formatFen },
            { title: t('claims.reserve.amount'), dataIndex: 'amount_fen', align: 'right', render: formatFen },
            { title: t('claims.reserve.reason'), dataIndex: 'reason', render: (r: string) => (SYSTEM_REASONS.includes(r) ? t(`claims.reserve.system_reason.${r}`) : r) },
          ]}
        />
      </div>
      {canSet && (
        <Form<ReserveForm> form={form} layout="inline" onFinish={(v) => void submit(v)} style={{ marginTop: 12 }} data-testid="reserve-form">
          <Form.Item name="amount_yuan" label={t('claims.reserve.new_amount')} rules={[
            { required: true, message: t('claims.form.required') },
            { validator: (_, v: string) => (v === undefined || v === null || yuanToFen(v) !== undefined ? Promise.resolve() : Promise.reject(new Error(t('claims.form.yuan_invalid')))) },
          ]}>
            <InputNumber<string> stringMode min="0" step="0.01" precision={2} prefix="¥" style={{ width: 180 }} data-testid="reserve-amount" />
          </Form.Item>
          <Form.Item name="reason" label={t('claims.reserve.reason')} rules={[{ required: true, message: t('claims.form.required') }]}>
            <Input style={{ width: 240 }} maxLength={500} data-testid="reserve-reason" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="reserve-submit">{t('claims.reserve.submit')}</Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}
