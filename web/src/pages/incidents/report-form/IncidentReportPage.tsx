// 报告医疗安全事件 — the report form of clinicians and medical officers (incidents.report). Opened from a
// dispute case or complaint with ?case_id= / ?complaint_id= (and ?department=), it arrives pre-filled and
// linked. An anonymous report shows its reply token once, with the way to the token page.
import { useEffect, useState } from 'react';
import { App, Alert, Button, Card, DatePicker, Form, Input, Result, Select, Space, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { PageContainer } from '../../../components/PageContainer';
import { currentLanguage } from '../../../i18n';
import { SEVERITY_CLASSES, incidentParameters, nameOf, reportIncident, type IncidentParameters } from '../api';

interface FormValues {
  anonymous: boolean;
  category: string;
  department: string;
  place: string;
  harm_degree: string;
  severity_class: (typeof SEVERITY_CLASSES)[number];
  occurred_at: Dayjs;
  discovered_at: Dayjs;
  description: string;
}

const positiveId = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

export default function IncidentReportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const caseId = positiveId(search.get('case_id'));
  const complaintId = positiveId(search.get('complaint_id'));
  const [params, setParams] = useState<IncidentParameters | null>(null);
  const [token, setToken] = useState<{ token: string; number: string; id: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const language = currentLanguage();
  useEffect(() => {
    incidentParameters().then(setParams, (e: unknown) => message.error(errorMessage(e, t)));
  }, [message, t]);

  const submit = async (v: FormValues) => {
    setBusy(true);
    try {
      const r = await reportIncident({
        anonymous: v.anonymous,
        category: v.category,
        department: v.department,
        place: v.place,
        harm_degree: v.harm_degree,
        severity_class: v.severity_class,
        occurred_at: v.occurred_at.toISOString(),
        discovered_at: v.discovered_at.toISOString(),
        description: v.description,
        case_id: caseId,
        complaint_id: complaintId,
      });
      message.success(t('incidents.submitted'));
      if (r.reply_token) setToken({ token: r.reply_token, number: r.number, id: r.id });
      else void navigate(`/incidents/${r.id}`);
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  if (token)
    return (
      <PageContainer title={t('incidents.report')}>
        <Result
          status="success"
          title={t('incidents.token_title')}
          subTitle={t('incidents.token_help')}
          extra={
            <Space direction="vertical" align="center">
              <Typography.Text>{token.number}</Typography.Text>
              <Typography.Paragraph copyable={{ text: token.token, tooltips: [t('incidents.copy'), t('incidents.copied')] }}
                code data-testid="incident-reply-token">
                {token.token}
              </Typography.Paragraph>
              <Space>
                <Link to="/incidents-check">{t('incidents.token_check_link')}</Link>
                <Link to="/incidents">{t('incidents.title')}</Link>
              </Space>
            </Space>
          }
        />
      </PageContainer>
    );

  const now = dayjs();
  return (
    <PageContainer title={t('incidents.report')}>
      <Card size="small">
        {(caseId || complaintId) && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="incident-link-notice"
            message={caseId ? `${t('incidents.linked_case')} #${caseId}` : `${t('incidents.linked_complaint')} #${complaintId}`} />
        )}
        <Form<FormValues>
          layout="vertical"
          onFinish={(v) => void submit(v)}
          initialValues={{
            anonymous: false,
            department: search.get('department') ?? '',
            severity_class: 'general',
            occurred_at: now.subtract(1, 'hour'),
            discovered_at: now,
          }}
          data-testid="incident-form"
        >
          <Form.Item name="anonymous" label={t('incidents.anonymous')} valuePropName="checked" extra={t('incidents.anonymous_help')}>
            <Switch data-testid="incident-anonymous" />
          </Form.Item>
          <Form.Item name="category" label={t('incidents.category')} rules={[{ required: true }]}>
            <Select data-testid="incident-category"
              options={params?.categories.map((c) => ({ value: c.id, label: nameOf(params.categories, c.id, language) }))} />
          </Form.Item>
          <Form.Item name="severity_class" label={t('incidents.severity_class')} rules={[{ required: true }]}
            extra={params && <DeadlineHint params={params} />}>
            <Select data-testid="incident-class"
              options={SEVERITY_CLASSES.map((c) => ({ value: c, label: t(`incidents.class.${c}`) }))} />
          </Form.Item>
          <Form.Item name="harm_degree" label={t('incidents.harm_degree')} rules={[{ required: true }]}>
            <Select data-testid="incident-harm"
              options={params?.harm_degrees.map((h) => ({ value: h.id, label: nameOf(params.harm_degrees, h.id, language) }))} />
          </Form.Item>
          <Form.Item name="department" label={t('incidents.department')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="incident-department" />
          </Form.Item>
          <Form.Item name="place" label={t('incidents.place')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="incident-place" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="occurred_at" label={t('incidents.occurred_at')} rules={[{ required: true }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="incident-occurred-at" />
            </Form.Item>
            <Form.Item name="discovered_at" label={t('incidents.discovered_at')} rules={[{ required: true }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="incident-discovered-at" />
            </Form.Item>
          </Space>
          <Form.Item name="description" label={t('incidents.description')} rules={[{ required: true, max: 5000 }]}>
            <Input.TextArea rows={5} data-testid="incident-description" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="incident-submit">{t('incidents.submit')}</Button>
        </Form>
      </Card>
    </PageContainer>
  );
}

/** The reporting deadline of the chosen class, from data/incidents/classes.json. */
function DeadlineHint({ params }: { params: IncidentParameters }) {
  const { t } = useTranslation();
  const cls = Form.useWatch<string>('severity_class');
  const c = params.classes.find((x) => x.id === cls);
  if (!c) return null;
  return <span>{t('incidents.deadline_rule', { value: c.report_within.value, unit: t(`incidents.unit.${c.report_within.unit}`) })}</span>;
}
