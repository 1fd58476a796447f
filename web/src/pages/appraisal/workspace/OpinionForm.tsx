// The expert's individually signed opinion (Decree 701 art. 36): damage, fault, breached duties,
// causation degree (原因力) with an optional percentage, disability grades, reasons. Once signed it is
// shown read-only with its SHA-256 digest: a signed opinion never changes.
import { useState } from 'react';
import { App, Button, Checkbox, Descriptions, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { BREACHABLE_DUTIES, CAUSATION_DEGREES, createOpinion, signOpinion, updateOpinion, type Opinion, type OpinionContent } from './api';

interface Values {
  has_damage: boolean;
  has_fault: boolean;
  breached_duties: OpinionContent['breached_duties'];
  causation_degree: OpinionContent['causation_degree'];
  causation_percent?: number | null;
  disability_grades: number[];
  reasons: string;
}

export function OpinionForm({ panelId, opinion, onChange }: { panelId: number; opinion?: Opinion; onChange: (o: Opinion) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  if (opinion?.status === 'signed') return <SignedOpinion opinion={opinion} />;

  const save = async (v: Values) => {
    const body: OpinionContent = {
      has_damage: v.has_damage,
      has_fault: v.has_fault,
      breached_duties: v.has_fault ? v.breached_duties : [],
      causation_degree: v.has_fault ? v.causation_degree : 'none',
      disability_grades: v.disability_grades,
      reasons: v.reasons,
      ...(v.causation_percent != null ? { causation_percent: v.causation_percent } : {}),
    };
    setBusy(true);
    try {
      onChange(opinion ? await updateOpinion(opinion.id, body) : await createOpinion(panelId, body));
      message.success(t('appraisal.opinion_saved'));
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  const sign = async () => {
    if (!opinion) return;
    try {
      onChange(await signOpinion(opinion.id));
      message.success(t('appraisal.opinion_signed'));
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };
  const initial: Values = opinion
    ? {
        ...opinion,
        breached_duties: opinion.breached_duties as Values['breached_duties'],
        causation_degree: opinion.causation_degree as Values['causation_degree'],
        causation_percent: opinion.causation_percent ?? null,
      }
    : { has_damage: true, has_fault: false, breached_duties: [], causation_degree: 'none', disability_grades: [], reasons: '' };
  return (
    <Form<Values> layout="vertical" initialValues={initial} onFinish={save} data-testid="opinion-form">
      <Space wrap>
        <Form.Item name="has_damage" label={t('appraisal.has_damage')} valuePropName="checked"><Switch /></Form.Item>
        <Form.Item name="has_fault" label={t('appraisal.has_fault')} valuePropName="checked"><Switch data-testid="opinion-fault" /></Form.Item>
      </Space>
      <Form.Item name="breached_duties" label={t('appraisal.breached_duties')}>
        <Checkbox.Group options={BREACHABLE_DUTIES.map((d) => ({ value: d, label: t(`appraisal.duty.${d}`) }))} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="causation_degree" label={t('appraisal.causation_degree')}>
          <Select style={{ width: 180 }} data-testid="opinion-degree"
            options={CAUSATION_DEGREES.map((d) => ({ value: d, label: t(`appraisal.degree.${d}`) }))} />
        </Form.Item>
        <Form.Item name="causation_percent" label={t('appraisal.causation_percent')}>
          <InputNumber min={0} max={100} addonAfter="%" />
        </Form.Item>
        <Form.Item name="disability_grades" label={t('appraisal.disability_grades')}>
          <Select mode="multiple" style={{ minWidth: 180 }} options={[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((g) => ({ value: g, label: t('appraisal.grade', { g }) }))} />
        </Form.Item>
      </Space>
      <Form.Item name="reasons" label={t('appraisal.reasons')} rules={[{ required: true, message: t('appraisal.required') }]}>
        <Input.TextArea rows={4} maxLength={4000} data-testid="opinion-reasons" />
      </Form.Item>
      <Space>
        <Button htmlType="submit" loading={busy} data-testid="opinion-save">{t('appraisal.save_draft')}</Button>
        {opinion && (
          <Popconfirm title={t('appraisal.sign_confirm')} onConfirm={sign} okText={t('appraisal.sign')} cancelText={t('appraisal.cancel')}>
            <Button type="primary" data-testid="opinion-sign">{t('appraisal.sign')}</Button>
          </Popconfirm>
        )}
      </Space>
    </Form>
  );
}

function SignedOpinion({ opinion }: { opinion: Opinion }) {
  const { t } = useTranslation();
  return (
    <div data-testid="opinion-signed">
      <Typography.Paragraph>
        <Tag color="green">{t('appraisal.signed')}</Tag> {opinion.signed_at}
      </Typography.Paragraph>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('appraisal.has_fault')}>{opinion.has_fault ? t('appraisal.fault.yes') : t('appraisal.fault.no')}</Descriptions.Item>
        <Descriptions.Item label={t('appraisal.breached_duties')}>
          {opinion.breached_duties.map((d) => t(`appraisal.duty.${d}`)).join('、') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.causation_degree')}>
          {t(`appraisal.degree.${opinion.causation_degree}`)}
          {opinion.causation_percent != null ? ` (${opinion.causation_percent} %)` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.disability_grades')}>
          {opinion.disability_grades.map((g) => t('appraisal.grade', { g })).join('、') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.reasons')}>{opinion.reasons}</Descriptions.Item>
        <Descriptions.Item label={t('appraisal.digest')}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{opinion.digest}</Typography.Text>{' '}
          {opinion.digest_valid ? <Tag color="green">{t('appraisal.digest_ok')}</Tag> : <Tag color="red">{t('appraisal.digest_bad')}</Tag>}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
