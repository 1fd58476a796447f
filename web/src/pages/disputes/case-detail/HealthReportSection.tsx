// The institution's officer records the report of a death or disability case to the health authority
// (Decree 701 art. 28; POST /cases/{id}/health-authority-reports, once) while the case shows the
// health_authority_report deadline. The report itself is made outside the platform; this records it.
import { useState } from 'react';
import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { reportToHealthAuthority, type DisputeCase } from '../api';

export function HealthReportSection({ c, onChanged }: { c: DisputeCase; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const [form] = Form.useForm<Schemas['HealthAuthorityReport']>();
  const [busy, setBusy] = useState(false);
  const deadline = c.deadlines.find((d) => d.id === 'health_authority_report');
  const isOfficer = (me?.user.roles ?? []).includes('medical_officer') && me?.user.organization?.id === c.institution_org_id;
  if (!deadline || !isOfficer) return null;
  const submit = async (v: Schemas['HealthAuthorityReport']) => {
    setBusy(true);
    try {
      await reportToHealthAuthority(c.id, {
        authority: v.authority.trim(),
        ...(v.reference?.trim() ? { reference: v.reference.trim() } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      message.success(t('disputes.health_report.recorded'));
      form.resetFields();
      onChanged();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('disputes.health_report.title')} data-testid="case-health-report">
      <Typography.Paragraph type={deadline.overdue ? 'danger' : 'secondary'}>
        {t(deadline.overdue ? 'disputes.health_report.overdue' : 'disputes.health_report.due')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="authority" label={t('disputes.health_report.authority')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} data-testid="health-report-authority" />
        </Form.Item>
        <Form.Item name="reference" label={t('disputes.health_report.reference')} rules={[{ max: 60 }]}>
          <Input maxLength={60} data-testid="health-report-reference" />
        </Form.Item>
        <Form.Item name="note" label={t('disputes.health_report.note')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="health-report-note" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="health-report-submit">
          {t('disputes.health_report.submit')}
        </Button>
      </Form>
    </Card>
  );
}
