// Decree 701 art. 38: the committee's mediator records an extension of people's mediation agreed by
// the committee and both parties (POST /cases/{id}/mediation-extensions); once the period has run out
// without agreement the case is mediation_failed and this card shows the routes still open.
import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { extendMediation, type DisputeCase } from '../api';

const CLOCK_STATES = ['accepted', 'investigation', 'appraisal', 'mediation'];

interface ExtensionForm {
  working_days: number;
  patient_agreed: boolean;
  institution_agreed: boolean;
  note?: string;
}

export function MediationExtensionSection({ c, onChanged }: { c: DisputeCase; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const [form] = Form.useForm<ExtensionForm>();
  const [busy, setBusy] = useState(false);
  if (c.state === 'mediation_failed' && c.next_routes.length > 0)
    return (
      <Card size="small" title={t('disputes.extension.failed_title')} data-testid="case-next-routes">
        <Typography.Paragraph>{t('disputes.extension.failed_text')}</Typography.Paragraph>
        {c.next_routes.map((r) => (
          <Tag key={r}>{t(`disputes.channel.${r}`)}</Tag>
        ))}
      </Card>
    );
  const isMediator = (me?.user.roles ?? []).includes('mediator') && me?.user.organization?.id === c.committee_org_id;
  if (!isMediator || c.channel !== 'people_mediation' || !CLOCK_STATES.includes(c.state)) return null;
  const submit = async (v: ExtensionForm) => {
    setBusy(true);
    try {
      await extendMediation(c.id, {
        working_days: v.working_days,
        patient_agreed: v.patient_agreed === true,
        institution_agreed: v.institution_agreed === true,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      message.success(t('disputes.extension.recorded'));
      form.resetFields();
      onChanged();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('disputes.extension.title')} data-testid="case-mediation-extension">
      <Typography.Paragraph type="secondary">
        {t('disputes.extension.hint', { days: c.mediation_extended_working_days })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="working_days" label={t('disputes.extension.working_days')} rules={[{ required: true }]}>
          <InputNumber min={1} max={30} precision={0} data-testid="extension-days" />
        </Form.Item>
        <Form.Item name="patient_agreed" valuePropName="checked">
          <Checkbox data-testid="extension-patient-agreed">{t('disputes.extension.patient_agreed')}</Checkbox>
        </Form.Item>
        <Form.Item name="institution_agreed" valuePropName="checked">
          <Checkbox data-testid="extension-institution-agreed">{t('disputes.extension.institution_agreed')}</Checkbox>
        </Form.Item>
        <Form.Item name="note" label={t('disputes.extension.note')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="extension-note" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="extension-submit">
          {t('disputes.extension.submit')}
        </Button>
      </Form>
    </Card>
  );
}
