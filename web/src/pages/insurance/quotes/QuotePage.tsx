// The underwriter's quote form (quotes.create) and its explanation: every rating factor, its value,
// basis and source, and the line amounts in fen that add up to the premium; then binding the quote
// into a policy with a tri-party funding split and a co-insurance pool (policies.issue).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../../components/PageContainer';
import { errorMessage } from '../../../api/client';
import { currentLanguage } from '../../../i18n';
import { formatFactor, type Policy } from '../policies/api';
import { bindQuote, createQuote, DEDUCTIBLE_OPTIONS, LIMIT_OPTIONS, type NewQuote, type Quote } from './api';
import { formatFen } from '../../../components/format';
import { yuanToFen } from '../../../lib/money';

interface QuoteForm {
  product_code: string;
  insured_org_id: number;
  period_start: string;
  beds?: number;
  clinicians?: { user_id: number; department_risk_class: 'I' | 'II' | 'III' | 'IV'; title: string; years_of_practice: number }[];
  experience_years?: number;
  incurred_yuan?: string;
  per_incident_limit_fen: number;
  deductible_fen: number;
}

function toRequest(v: QuoteForm): NewQuote {
  return {
    product_code: v.product_code,
    insured_org_id: v.insured_org_id,
    period_start: v.period_start,
    institution: v.product_code === 'institution_liability' ? { beds: v.beds ?? 0 } : undefined,
    clinicians: v.clinicians ?? [],
    experience: { years: v.experience_years ?? 0, incurred_losses_fen: yuanToFen(v.incurred_yuan) ?? 0 },
    per_incident_limit_fen: v.per_incident_limit_fen,
    deductible_fen: v.deductible_fen,
  };
}

export default function QuotePage() {
  const { t } = useTranslation();
  const [quote, setQuote] = useState<Quote>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const onFinish = (v: QuoteForm) => {
    setBusy(true);
    setError(undefined);
    createQuote(toRequest(v))
      .then(setQuote)
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  const fen = (f: number) => ({ value: f, label: formatFen(f) });
  return (
    <PageContainer title={t('menu.quotes')}>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Card>
          <Form<QuoteForm> layout="vertical" onFinish={onFinish} data-testid="quote-form"
            initialValues={{ product_code: 'institution_liability', per_incident_limit_fen: 150000000, deductible_fen: 0, beds: 500 }}>
            <Space wrap align="start">
              <Form.Item name="product_code" label={t('insurance.product')} rules={[{ required: true }]}>
                <Select style={{ width: 240 }} options={['institution_liability', 'clinician_liability'].map((c) => ({ value: c, label: t(`insurance.products.${c}`) }))} />
              </Form.Item>
              <Form.Item name="insured_org_id" label={t('insurance.insured_org')} rules={[{ required: true }]}>
                <InputNumber min={1} data-testid="quote-insured" />
              </Form.Item>
              <Form.Item name="period_start" label={t('insurance.period_start')} rules={[{ required: true }]}>
                <Input type="date" data-testid="quote-start" />
              </Form.Item>
              <Form.Item name="beds" label={t('insurance.beds')}>
                <InputNumber min={0} />
              </Form.Item>
              <Form.Item name="per_incident_limit_fen" label={t('insurance.per_incident_limit')}>
                <Select style={{ width: 180 }} options={LIMIT_OPTIONS.map(fen)} />
              </Form.Item>
              <Form.Item name="deductible_fen" label={t('insurance.deductible')}>
                <Select style={{ width: 140 }} options={DEDUCTIBLE_OPTIONS.map(fen)} />
              </Form.Item>
              <Form.Item name="experience_years" label={t('insurance.experience_years')}>
                <InputNumber min={0} max={50} />
              </Form.Item>
              <Form.Item name="incurred_yuan" label={t('insurance.incurred_losses')}>
                <InputNumber<string> stringMode min="0" step="1000" precision={2} />
              </Form.Item>
            </Space>
            <ClinicianRows />
            <Button type="primary" htmlType="submit" loading={busy} data-testid="quote-submit">{t('insurance.calculate')}</Button>
          </Form>
        </Card>
        {error ? <Alert type="error" message={error} data-testid="quote-error" /> : null}
        {quote ? <Explanation quote={quote} /> : null}
        {quote ? <BindCard quote={quote} /> : null}
      </Space>
    </PageContainer>
  );
}

function ClinicianRows() {
  const { t } = useTranslation();
  return (
    <Form.List name="clinicians">
      {(fields, { add, remove }) => (
        <Space direction="vertical" style={{ marginBottom: 16 }}>
          {fields.map((f) => (
            <Space key={f.key} wrap>
              <Form.Item name={[f.name, 'user_id']} rules={[{ required: true }]} noStyle><InputNumber placeholder={t('insurance.user_id')} min={1} /></Form.Item>
              <Form.Item name={[f.name, 'department_risk_class']} rules={[{ required: true }]} noStyle>
                <Select style={{ width: 120 }} placeholder={t('insurance.risk_class')} options={['I', 'II', 'III', 'IV'].map((v) => ({ value: v, label: v }))} />
              </Form.Item>
              <Form.Item name={[f.name, 'title']} rules={[{ required: true }]} noStyle>
                <Select style={{ width: 140 }} placeholder={t('insurance.title')}
                  options={['resident', 'attending', 'associate_chief', 'chief'].map((v) => ({ value: v, label: t(`insurance.titles.${v}`) }))} />
              </Form.Item>
              <Form.Item name={[f.name, 'years_of_practice']} rules={[{ required: true }]} noStyle><InputNumber placeholder={t('insurance.years')} min={0} max={80} /></Form.Item>
              <Button onClick={() => remove(f.name)}>{t('insurance.remove')}</Button>
            </Space>
          ))}
          <Button onClick={() => add()}>{t('insurance.add_clinician')}</Button>
        </Space>
      )}
    </Form.List>
  );
}

function Explanation({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const zh = currentLanguage() === 'zh-CN';
  const e = quote.explanation;
  return (
    <Card title={t('insurance.explanation')} extra={`${t('insurance.rating_table')}: ${e.table_version}`} data-testid="quote-explanation">
      <Table size="small" pagination={false} rowKey={(_, i) => String(i)} dataSource={e.lines}
        columns={[
          { title: t('insurance.line'), render: (_, l) => (zh ? l.label_zh : l.label_en) },
          { title: t('insurance.factor'), dataIndex: 'factor_bp', render: formatFactor },
          { title: t('insurance.basis'), dataIndex: 'basis', render: (v: string) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{v}</Typography.Text> },
          { title: t('insurance.amount'), dataIndex: 'amount_fen', align: 'right', render: (v: number) => formatFen(v) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}><strong>{t('insurance.premium')}</strong></Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right"><strong data-testid="quote-premium">{formatFen(quote.premium_fen)}</strong></Table.Summary.Cell>
          </Table.Summary.Row>
        )} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('insurance.explanation_note', { z: e.credibility_bp / 100, mod: (e.experience_mod_bp / 10000).toFixed(4), until: quote.valid_until })}
      </Typography.Paragraph>
    </Card>
  );
}

interface BindForm { state: number; institution: number; clinician: number; follower_id?: number; follower_pct?: number }

function BindCard({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const [policy, setPolicy] = useState<Policy>();
  const [error, setError] = useState<string>();
  const onFinish = (v: BindForm) => {
    const followerBp = Math.round((v.follower_pct ?? 0) * 100);
    const pool = v.follower_id && followerBp > 0
      ? [{ insurer_org_id: quote.insurer_org_id, share_bp: 10000 - followerBp }, { insurer_org_id: v.follower_id, share_bp: followerBp }]
      : [];
    bindQuote({
      quote_id: quote.id,
      funding_split: { state_bp: Math.round(v.state * 100), institution_bp: Math.round(v.institution * 100), clinician_bp: Math.round(v.clinician * 100) },
      coinsurance_pool: pool,
    }).then(setPolicy).catch((e: unknown) => setError(errorMessage(e)));
  };
  return (
    <Card title={t('insurance.bind')}>
      <Form<BindForm> layout="inline" onFinish={onFinish} initialValues={{ state: 0, institution: 100, clinician: 0 }}>
        <Form.Item name="state" label={t('insurance.payers.state')}><InputNumber min={0} max={100} addonAfter="%" /></Form.Item>
        <Form.Item name="institution" label={t('insurance.payers.institution')}><InputNumber min={0} max={100} addonAfter="%" /></Form.Item>
        <Form.Item name="clinician" label={t('insurance.payers.clinician')}><InputNumber min={0} max={100} addonAfter="%" /></Form.Item>
        <Form.Item name="follower_id" label={t('insurance.follower')}><InputNumber min={1} /></Form.Item>
        <Form.Item name="follower_pct" label={t('insurance.follower_share')}><InputNumber min={0} max={99.99} addonAfter="%" /></Form.Item>
        <Button type="primary" htmlType="submit" data-testid="bind-submit">{t('insurance.bind')}</Button>
      </Form>
      {error ? <Alert type="error" message={error} style={{ marginTop: 12 }} /> : null}
      {policy ? <Alert type="success" style={{ marginTop: 12 }} data-testid="bind-result" message={t('insurance.bound', { number: policy.policy_number })} /> : null}
    </Card>
  );
}
