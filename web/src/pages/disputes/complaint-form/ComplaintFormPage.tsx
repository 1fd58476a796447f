// A patient files a complaint (POST /api/v1/complaints) — one column, usable on a 375 px phone screen.
import { useEffect, useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { PageContainer } from '../../../components/PageContainer';
import { fileComplaint, listInstitutions } from '../api';

const CATEGORIES = ['diagnosis_treatment', 'nursing', 'service_attitude', 'fees', 'medical_records', 'other'] as const;

interface Values {
  institution_org_id: number;
  category: (typeof CATEGORIES)[number];
  department: string;
  incident_date: Dayjs;
  narrative: string;
  multi_department?: boolean;
}

export default function ComplaintFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [institutions, setInstitutions] = useState<{ id: number; name: string }[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    listInstitutions()
      .then((r) => setInstitutions(r.items))
      .catch((e: unknown) => message.error(errorMessage(e, t)));
  }, [message, t]);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      await fileComplaint({ ...v, incident_date: v.incident_date.format('YYYY-MM-DD'), multi_department: !!v.multi_department });
      message.success(t('disputes.complaint.filed'));
      void navigate('/disputes/my-cases');
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <PageContainer title={t('disputes.complaint.title')}>
      <Card size="small" style={{ maxWidth: 560 }}>
        <Form<Values> layout="vertical" onFinish={submit} data-testid="complaint-form">
          <Form.Item name="institution_org_id" label={t('disputes.complaint.institution')} rules={[{ required: true }]}>
            <Select data-testid="complaint-institution" options={institutions.map((i) => ({ value: i.id, label: i.name }))} />
          </Form.Item>
          <Form.Item name="category" label={t('disputes.complaint.category')} rules={[{ required: true }]}>
            <Select
              data-testid="complaint-category"
              options={CATEGORIES.map((c) => ({ value: c, label: t(`disputes.category.${c}`) }))}
            />
          </Form.Item>
          <Form.Item name="department" label={t('disputes.complaint.department')} rules={[{ required: true, max: 50 }]}>
            <Input data-testid="complaint-department" />
          </Form.Item>
          <Form.Item name="incident_date" label={t('disputes.complaint.incident_date')} rules={[{ required: true }]}>
            <DatePicker data-testid="complaint-date" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="narrative" label={t('disputes.complaint.narrative')} rules={[{ required: true, max: 5000 }]}>
            <Input.TextArea data-testid="complaint-narrative" rows={5} showCount maxLength={5000} />
          </Form.Item>
          <Form.Item name="multi_department" label={t('disputes.complaint.multi_department')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={saving} data-testid="complaint-submit">
            {t('disputes.complaint.submit')}
          </Button>
        </Form>
      </Card>
    </PageContainer>
  );
}
