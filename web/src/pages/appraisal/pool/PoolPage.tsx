// The expert pool's admin page (experts.manage): the pool, drawing a panel for a case (random, with a
// recorded seed, Decree 701 arts. 33–37), and running Delphi rounds (open the next round, close one to
// compute the group statistics and the consensus).
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Form, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, request, type Schemas } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { PageLoading } from '../../../components/PageLoading';
import { fetchAll } from '../../../components/useCursorList';

type Expert = Schemas['Expert'];
type Panel = Schemas['Panel'];
type Round = Schemas['DelphiRound'];
type Organization = Schemas['Organization'];
const SPECIALTIES = ['internal_medicine', 'general_surgery', 'orthopedics', 'obstetrics_gynecology', 'pediatrics',
  'anesthesiology', 'emergency_medicine', 'nursing', 'forensic_medicine', 'law'];

interface Data { experts: Expert[]; panels: Panel[]; rounds: Round[]; institutions: Organization[] }

export default function PoolPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [data, setData] = useState<Data>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => {
    setError(undefined);
    Promise.all([
      fetchAll((cursor) => request(api.GET('/api/v1/experts', { params: { query: { cursor, limit: 200 } } }))),
      fetchAll((cursor) => request(api.GET('/api/v1/panels', { params: { query: { cursor, limit: 100 } } }))),
      fetchAll((cursor) => request(api.GET('/api/v1/delphi-rounds', { params: { query: { cursor, limit: 100 } } }))),
      fetchAll((cursor) =>
        request(api.GET('/api/v1/organizations', { params: { query: { kind: 'medical_institution', cursor, limit: 200 } } }))),
    ]).then(([experts, panels, rounds, institutions]) => setData({ experts, panels, rounds, institutions }), setError);
  }, []);
  useEffect(load, [load]);
  const act = async (call: () => Promise<unknown>, done: string) => {
    try {
      await call();
      message.success(t(done));
      load();
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };
  const draw = (v: Schemas['NewPanel']) =>
    act(() => request(api.POST('/api/v1/panels', { body: v })), 'appraisal.pool.drawn');
  const openRound = (panelId: number) =>
    act(() => request(api.POST('/api/v1/delphi-rounds', { body: { panel_id: panelId } })), 'appraisal.pool.round_opened');
  const closeRound = (id: number) =>
    act(() => request(api.POST('/api/v1/delphi-rounds/{id}/close', { params: { path: { id } } })), 'appraisal.pool.round_closed');

  let body;
  if (error) body = <ErrorResult error={error} onRetry={load} />;
  else if (!data) body = <PageLoading />;
  else
    body = (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Card size="small" title={t('appraisal.pool.draw_title')}>
          <Form layout="inline" onFinish={draw} initialValues={{ size: 3, specialty: 'orthopedics' }} data-testid="draw-form">
            <Form.Item name="case_id" label={t('appraisal.case')} rules={[{ required: true, message: t('appraisal.required') }]}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="institution_id" label={t('appraisal.pool.institution')} rules={[{ required: true, message: t('appraisal.required') }]}>
              <Select style={{ width: 220 }} options={data.institutions.map((o) => ({ value: o.id, label: o.name }))} />
            </Form.Item>
            <Form.Item name="specialty" label={t('appraisal.specialty')}>
              <Select style={{ width: 180 }} options={SPECIALTIES.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
            <Form.Item name="size" label={t('appraisal.size')}>
              <Select style={{ width: 80 }} options={[3, 5].map((n) => ({ value: n, label: n }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="draw-submit">{t('appraisal.pool.draw')}</Button>
          </Form>
        </Card>
        <Card size="small" title={t('appraisal.pool.panels')}>
          <Table<Panel> size="small" rowKey="id" pagination={false} dataSource={data.panels} data-testid="pool-panels"
            columns={[
              { title: t('appraisal.panel'), dataIndex: 'id' },
              { title: t('appraisal.case'), dataIndex: 'case_id' },
              { title: t('appraisal.specialty'), dataIndex: 'specialty' },
              { title: t('appraisal.pool.members'), render: (_: unknown, p: Panel) => p.members.map((m) => (
                <Tag key={m.expert_id} color={m.status === 'active' ? 'blue' : 'default'}>{m.display_name}</Tag>)) },
              { title: '', render: (_: unknown, p: Panel) => <Button size="small" onClick={() => openRound(p.id)}>{t('appraisal.pool.open_round')}</Button> },
            ]} />
        </Card>
        <Card size="small" title={t('appraisal.my_rounds')}>
          <Table<Round> size="small" rowKey="id" pagination={false} dataSource={data.rounds}
            columns={[
              { title: t('appraisal.round'), dataIndex: 'id' },
              { title: t('appraisal.round_no'), dataIndex: 'round_number' },
              { title: t('appraisal.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`appraisal.round_status.${s}`)}</Tag> },
              { title: t('appraisal.responses'), dataIndex: 'responses' },
              { title: t('appraisal.pool.consensus'), dataIndex: 'consensus', render: (c: boolean, r: Round) =>
                r.status === 'closed' ? <Tag color={c ? 'green' : 'orange'}>{c ? t('appraisal.consensus_yes') : t('appraisal.consensus_no')}</Tag> : '—' },
              { title: '', render: (_: unknown, r: Round) => r.status === 'open'
                ? <Button size="small" onClick={() => closeRound(r.id)}>{t('appraisal.pool.close_round')}</Button> : null },
            ]} />
        </Card>
        <Card size="small" title={t('appraisal.pool.experts')}>
          <Table<Expert> size="small" rowKey="id" pagination={false} dataSource={data.experts} data-testid="pool-experts"
            columns={[
              { title: t('appraisal.pool.name'), dataIndex: 'display_name' },
              { title: t('appraisal.pool.specialties'), dataIndex: 'specialties', render: (s: string[]) => s.join(', ') },
              { title: t('appraisal.pool.title'), dataIndex: 'title' },
              { title: t('appraisal.pool.institution'), dataIndex: 'institution_name' },
              { title: t('appraisal.pool.open_assignments'), dataIndex: 'open_assignments' },
              { title: t('appraisal.pool.available'), dataIndex: 'available', render: (a: boolean) => (a ? '✓' : '—') },
            ]} />
        </Card>
      </Space>
    );
  return <PageContainer title={t('menu.appraisal_pool')}><div data-testid="appraisal-pool">{body}</div></PageContainer>;
}
