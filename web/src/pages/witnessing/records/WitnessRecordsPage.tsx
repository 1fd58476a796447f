// Witness records (术前谈话见证): a clinician's and officer's list of the institution's talks, a patient's
// own; a clinician starts a new talk from a procedure template (laid out for a tablet, 768 px).
import { useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { PageContainer } from '../../../components/PageContainer';
import { fetchAll } from '../../../components/useCursorList';
import { currentLanguage } from '../../../i18n';
import { createRecord, listRecords, listTemplates, type WitnessRecord, type WitnessTemplates } from '../api';

const RELATIONSHIPS = ['spouse', 'parent', 'child', 'sibling', 'guardian', 'other'] as const;
const STAGE_COLORS: Record<string, string> = { draft: 'blue', awaiting_patient: 'orange', awaiting_surgeon: 'orange', sealed: 'green' };

export function StageTag({ stage, testId = 'witness-stage' }: { stage: string; testId?: string }) {
  const { t } = useTranslation();
  return <Tag color={STAGE_COLORS[stage]} data-testid={testId}>{t(`witnessing.stages.${stage}`)}</Tag>;
}

interface NewForm {
  procedure_code: string;
  procedure_date: string;
  patient_name: string;
  patient_phone: string;
  representative_name?: string;
  representative_relationship?: (typeof RELATIONSHIPS)[number];
}

function NewRecordCard({ templates, onCancel }: { templates: WitnessTemplates; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const zh = currentLanguage() === 'zh-CN';
  const submit = async (v: NewForm) => {
    setBusy(true);
    try {
      const tpl = templates.items.find((p) => p.code === v.procedure_code);
      const created = await createRecord({
        ...v,
        representative_name: v.representative_name || undefined,
        representative_relationship: v.representative_name ? v.representative_relationship : undefined,
        alternatives: tpl ? tpl.alternatives.map((a) => (zh ? a.text_zh : a.text_en)) : [],
      });
      message.success(t('witnessing.new.created'));
      void navigate(`/witnessing/records/${created.id}`);
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('witnessing.new.title')} style={{ marginBottom: 16 }}>
      <Form<NewForm> layout="vertical" onFinish={(v) => void submit(v)} data-testid="witness-new-form">
        <Form.Item name="procedure_code" label={t('witnessing.new.procedure')} rules={[{ required: true }]}>
          <Select data-testid="witness-procedure" size="large"
            options={templates.items.map((p) => ({ value: p.code, label: `${zh ? p.name_zh : p.name_en} (${p.code})` }))} />
        </Form.Item>
        <Form.Item name="procedure_date" label={t('witnessing.new.procedure_date')} rules={[{ required: true }]}>
          <Input type="date" size="large" data-testid="witness-procedure-date" />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} size="middle">
          <Form.Item name="patient_name" label={t('witnessing.new.patient_name')} rules={[{ required: true }]}>
            <Input size="large" data-testid="witness-patient-name" />
          </Form.Item>
          <Form.Item name="patient_phone" label={t('witnessing.new.patient_phone')} rules={[{ required: true }]}>
            <Input size="large" inputMode="tel" data-testid="witness-patient-phone" />
          </Form.Item>
        </Space>
        <Space wrap style={{ width: '100%' }} size="middle">
          <Form.Item name="representative_name" label={t('witnessing.new.representative_name')}>
            <Input size="large" />
          </Form.Item>
          <Form.Item name="representative_relationship" label={t('witnessing.new.relationship')}>
            <Select size="large" style={{ minWidth: 160 }} allowClear
              options={RELATIONSHIPS.map((r) => ({ value: r, label: t(`witnessing.relationships.${r}`) }))} />
          </Form.Item>
        </Space>
        <Space>
          <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="witness-create">{t('witnessing.new.create')}</Button>
          <Button size="large" onClick={onCancel}>{t('witnessing.new.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

export default function WitnessRecordsPage() {
  const { t } = useTranslation();
  const { has } = useAuth();
  const canRecord = has('witness.record');
  const [items, setItems] = useState<WitnessRecord[] | null>(null);
  const [error, setError] = useState<unknown>();
  const [templates, setTemplates] = useState<WitnessTemplates>();
  const [creating, setCreating] = useState(false);
  const zh = currentLanguage() === 'zh-CN';
  useEffect(() => {
    fetchAll((cursor) => listRecords(cursor)).then(setItems, (e: unknown) => setError(e ?? 'error'));
    if (canRecord) listTemplates().then(setTemplates, () => undefined);
  }, [canRecord]);
  return (
    <PageContainer
      title={t(canRecord ? 'menu.witness_records' : has('witness.read') ? 'menu.witness_institution' : 'menu.my_witness')}
      extra={canRecord && templates && !creating ? (
        <Button type="primary" size="large" onClick={() => setCreating(true)} data-testid="witness-new">{t('witnessing.list.new')}</Button>
      ) : null}
    >
      {creating && templates ? <NewRecordCard templates={templates} onCancel={() => setCreating(false)} /> : null}
      {error ? <Typography.Text type="danger">{errorMessage(error, t)}</Typography.Text> : null}
      <List
        data-testid="witness-list"
        loading={items === null && !error}
        dataSource={items ?? []}
        locale={{ emptyText: t('witnessing.list.empty') }}
        renderItem={(r) => (
          <List.Item data-testid={`witness-item-${r.id}`}>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap>
                <Link to={`/witnessing/records/${r.id}`} style={{ fontSize: 16 }}>
                  {zh ? r.procedure_name_zh : r.procedure_name_en}
                </Link>
                <StageTag stage={r.stage} testId="witness-item-stage" />
                {r.corrected_by_id ? <Tag color="default">{t('witnessing.sealed.corrected')} #{r.corrected_by_id}</Tag> : null}
              </Space>
              <Typography.Text type="secondary">
                {r.procedure_date} · {r.patient_name} · {r.surgeon_name} · {t('witnessing.risks.progress', { done: r.risks_acknowledged, total: r.risks.length })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </PageContainer>
  );
}
