// The mediation forms of the case page: the mediator records a session (schedule, place, attendees,
// minutes, offers and counter-offers typed in yuan and sent in fen, outcome) and drafts the agreement with
// its payers; the patient and the institution's officer each sign it. The server decides who may
// (POST /cases/{id}/mediation-sessions, /agreement, /agreement/signatures) and answers with its codes.
import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage, type Schemas } from '../../../api/client';
import { addSession, draftAgreement, signAgreement } from '../api';
import { formatFen } from '../../../components/format';
import { yuanToFen } from '../../../lib/money';

type Offer = Schemas['Offer'];
type Payer = Schemas['AgreementPayer'];
const PARTIES: Offer['party'][] = ['patient_side', 'provider', 'insurer'];
const PAYERS: Payer['payer'][] = ['insurer', 'institution', 'accident_cover'];
const OUTCOMES = ['continued', 'agreed', 'failed'] as const;
const MAX_OFFERS = 50;  // rules.hpp kMaxOffersPerSession
const MAX_ATTENDEES = 20;  // rules.hpp kMaxAttendees

interface SessionValues {
  scheduled_at: Dayjs;
  place: string;
  attendees: string[];
  minutes?: string;
  outcome?: (typeof OUTCOMES)[number];
  offers?: { party: Offer['party']; amount_yuan: string; note?: string }[];
}

/** A rule of antd's Form: the text must be a yuan amount with at most two decimals. */
function useYuanRule() {
  const { t } = useTranslation();
  return {
    validator: (_: unknown, v: string | undefined) =>
      yuanToFen(v) === undefined ? Promise.reject(new Error(t('disputes.mediation_form.amount_invalid'))) : Promise.resolve(),
  };
}

export function SessionForm({ caseId, onDone }: { caseId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SessionValues>();
  const [busy, setBusy] = useState(false);
  const yuanRule = useYuanRule();
  const submit = async (v: SessionValues) => {
    setBusy(true);
    try {
      await addSession(caseId, {
        scheduled_at: v.scheduled_at.second(0).millisecond(0).format(),
        place: v.place.trim(),
        attendees: v.attendees.map((a) => a.trim()).filter(Boolean),
        minutes: v.minutes?.trim() || undefined,
        outcome: v.outcome,
        offers: (v.offers ?? []).map((o) => ({
          party: o.party, amount_fen: yuanToFen(o.amount_yuan) ?? 0, ...(o.note?.trim() ? { note: o.note.trim() } : {}),
        })),
      });
      message.success(t('disputes.mediation_form.session_saved'));
      form.resetFields();
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="session-form"
      initialValues={{ scheduled_at: dayjs(), attendees: [], offers: [] }}>
      <Space wrap align="start">
        <Form.Item name="scheduled_at" label={t('disputes.mediation_form.scheduled_at')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="session-scheduled-at" />
        </Form.Item>
        <Form.Item name="place" label={t('disputes.mediation_form.place')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input style={{ width: 220 }} data-testid="session-place" />
        </Form.Item>
        <Form.Item name="outcome" label={t('disputes.mediation_form.outcome')}>
          <Select allowClear style={{ width: 160 }} data-testid="session-outcome"
            options={OUTCOMES.map((o) => ({ value: o, label: t(`disputes.screen.outcome.${o}`) }))} />
        </Form.Item>
      </Space>
      <Form.Item name="attendees" label={t('disputes.mediation_form.attendees')} extra={t('disputes.mediation_form.attendees_hint')}
        rules={[{ required: true, type: 'array', min: 1, max: MAX_ATTENDEES }]}>
        <Select mode="tags" open={false} tokenSeparators={['、', ',', '，']} data-testid="session-attendees" />
      </Form.Item>
      <Form.Item name="minutes" label={t('disputes.screen.minutes')} rules={[{ max: 5000 }]}>
        <Input.TextArea rows={3} maxLength={5000} data-testid="session-minutes" />
      </Form.Item>
      <Form.List name="offers">
        {(fields, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {fields.map((f) => (
              <Space key={f.key} wrap align="start" data-testid="session-offer-row">
                <Form.Item name={[f.name, 'party']} rules={[{ required: true }]}>
                  <Select style={{ width: 140 }} placeholder={t('disputes.mediation_form.party')} data-testid="offer-party"
                    options={PARTIES.map((p) => ({ value: p, label: t(`disputes.screen.party.${p}`) }))} />
                </Form.Item>
                <Form.Item name={[f.name, 'amount_yuan']} rules={[{ required: true }, yuanRule]}>
                  <Input style={{ width: 160 }} addonAfter={t('disputes.mediation_form.yuan')} inputMode="decimal"
                    placeholder={t('disputes.mediation_form.amount')} data-testid="offer-amount" />
                </Form.Item>
                <Form.Item name={[f.name, 'note']} rules={[{ max: 500 }]}>
                  <Input style={{ width: 200 }} placeholder={t('disputes.mediation_form.offer_note')} data-testid="offer-note" />
                </Form.Item>
                <Button onClick={() => remove(f.name)}>{t('disputes.mediation_form.remove')}</Button>
              </Space>
            ))}
            <Button onClick={() => add({ party: 'patient_side' })} disabled={fields.length >= MAX_OFFERS} data-testid="add-offer">
              {t('disputes.mediation_form.add_offer')}
            </Button>
          </Space>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 12 }} data-testid="session-submit">
        {t('disputes.mediation_form.save_session')}
      </Button>
    </Form>
  );
}

interface AgreementValues {
  amount_yuan: string;
  payers: { payer: Payer['payer']; amount_yuan: string }[];
}

export function AgreementForm({ caseId, redraft, onDone }: { caseId: number; redraft: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AgreementValues>();
  const [busy, setBusy] = useState(false);
  const yuanRule = useYuanRule();
  const payers = Form.useWatch('payers', form) ?? [];
  const payersFen = payers.reduce((sum, p) => sum + (yuanToFen(p?.amount_yuan) ?? 0), 0);
  const submit = async (v: AgreementValues) => {
    const amount = yuanToFen(v.amount_yuan) ?? 0;
    if (payersFen !== amount) {
      message.error(t('disputes.mediation_form.payers_must_add_up'));
      return;
    }
    setBusy(true);
    try {
      await draftAgreement(caseId, {
        amount_fen: amount,
        payers: v.payers.map((p) => ({ payer: p.payer, amount_fen: yuanToFen(p.amount_yuan) ?? 0 })),
      });
      message.success(t('disputes.mediation_form.agreement_saved'));
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="agreement-form"
      initialValues={{ payers: [{ payer: 'insurer' }] }}>
      {redraft && <Typography.Paragraph type="warning">{t('disputes.mediation_form.redraft_warning')}</Typography.Paragraph>}
      <Form.Item name="amount_yuan" label={t('disputes.screen.amount')} rules={[{ required: true }, yuanRule]}>
        <Input style={{ width: 200 }} addonAfter={t('disputes.mediation_form.yuan')} inputMode="decimal" data-testid="agreement-amount" />
      </Form.Item>
      <Form.List name="payers">
        {(fields, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('disputes.screen.payers')}</Typography.Text>
            {fields.map((f) => (
              <Space key={f.key} wrap align="start" data-testid="agreement-payer-row">
                <Form.Item name={[f.name, 'payer']} rules={[{ required: true }]}>
                  <Select style={{ width: 240 }} data-testid="payer-kind"
                    options={PAYERS.map((p) => ({ value: p, label: t(`disputes.screen.payer.${p}`) }))} />
                </Form.Item>
                <Form.Item name={[f.name, 'amount_yuan']} rules={[{ required: true }, yuanRule]}>
                  <Input style={{ width: 160 }} addonAfter={t('disputes.mediation_form.yuan')} inputMode="decimal" data-testid="payer-amount" />
                </Form.Item>
                {fields.length > 1 && <Button onClick={() => remove(f.name)}>{t('disputes.mediation_form.remove')}</Button>}
              </Space>
            ))}
            <Button onClick={() => add({ payer: 'institution' })} disabled={fields.length >= PAYERS.length} data-testid="add-payer">
              {t('disputes.mediation_form.add_payer')}
            </Button>
            <Typography.Text type="secondary" data-testid="payers-sum">
              {t('disputes.mediation_form.payers_sum', { sum: formatFen(payersFen) })}
            </Typography.Text>
          </Space>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 12 }} data-testid="agreement-submit">
        {t('disputes.mediation_form.save_agreement')}
      </Button>
    </Form>
  );
}

export function SignatureForm({ caseId, onDone }: { caseId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const sign = async () => {
    setBusy(true);
    try {
      await signAgreement(caseId, text.trim());
      message.success(t('disputes.mediation_form.signed'));
      setText('');
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="signature-form">
      <Typography.Text>{t('disputes.mediation_form.sign_hint')}</Typography.Text>
      <Space wrap>
        <Input style={{ width: 260 }} maxLength={200} value={text} onChange={(e) => setText(e.target.value)}
          placeholder={t('disputes.mediation_form.signature_text')} data-testid="signature-text" />
        <Button type="primary" disabled={!text.trim()} loading={busy} onClick={() => void sign()} data-testid="signature-submit">
          {t('disputes.mediation_form.sign')}
        </Button>
      </Space>
    </Space>
  );
}
