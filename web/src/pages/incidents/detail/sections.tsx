// The handling sections of the incident page: report to the health authority, root-cause analysis,
// corrective actions, the reply thread and the dispute-case link. Officers (can_review) act; others read.
import { useEffect, useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, List, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { formatDateTime } from '../../../components/format';
import { currentLanguage } from '../../../i18n';
import {
  actionOwners,
  addAction,
  linkCase,
  nameOf,
  postMessage,
  recordRca,
  reportToAuthority,
  setActionStatus,
  type Incident,
  type IncidentParameters,
  type IncidentRca,
} from '../api';

interface SectionProps {
  incident: Incident;
  onChanged: (i: Incident) => void;
}

/** Runs a change, reports success or the localized problem, and hands the new incident up. */
function useChange(onChanged: (i: Incident) => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<Incident>, done: string) => {
    setBusy(true);
    try {
      onChanged(await call());
      message.success(t(done));
      return true;
    } catch (e) {
      message.error(errorMessage(e, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

const lines = (text: string | undefined) => (text ?? '').split('\n').map((l) => l.trim()).filter((l) => l.length > 0);

export function AuthorityCard({ incident: i, onChanged }: SectionProps) {
  const { t } = useTranslation();
  const { busy, run } = useChange(onChanged);
  const r = i.authority_report;
  return (
    <Card size="small" title={t('incidents.authority.title')} data-testid="incident-authority">
      {r ? (
        <Space wrap>
          <span>{r.authority}</span>
          {r.reference && <Typography.Text type="secondary">{r.reference}</Typography.Text>}
          <span>{formatDateTime(r.reported_at)}</span>
          <Tag color={r.late ? 'red' : 'green'} data-testid="incident-authority-status">
            {t(r.late ? 'incidents.authority.late' : 'incidents.authority.in_time')}
          </Tag>
        </Space>
      ) : i.can_review ? (
        <Form<{ authority: string; reference?: string }> layout="inline" initialValues={{ authority: '' }}
          onFinish={(v) => void run(() => reportToAuthority(i.id, v), 'incidents.authority.recorded')}>
          <Form.Item name="authority" label={t('incidents.authority.name')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="incident-authority-name" />
          </Form.Item>
          <Form.Item name="reference" label={t('incidents.authority.reference')} rules={[{ max: 100 }]}>
            <Input data-testid="incident-authority-reference" />
          </Form.Item>
          <Button htmlType="submit" loading={busy} data-testid="incident-authority-submit">{t('incidents.authority.record')}</Button>
        </Form>
      ) : (
        <Typography.Text type="secondary">{t('incidents.authority.not_yet')}</Typography.Text>
      )}
    </Card>
  );
}

export function RcaCard({ incident: i, params, onChanged }: SectionProps & { params: IncidentParameters }) {
  const { t } = useTranslation();
  const { busy, run } = useChange(onChanged);
  const language = currentLanguage();
  const editable = i.can_review && i.state === 'root_cause_analysis';
  const [method, setMethod] = useState<IncidentRca['method']>(i.rca?.method ?? 'fishbone');
  const [form] = Form.useForm<Record<string, string>>();
  const save = (v: Record<string, string>) => {
    const rca: IncidentRca =
      method === 'fishbone'
        ? {
            method,
            fishbone: Object.fromEntries(
              params.fishbone_categories
                .map((c): [string, string[]] => [c.id, lines(v[`fb_${c.id}`])])
                .filter((entry) => entry[1].length > 0),
            ),
            root_cause: v.root_cause ?? '',
          }
        : { method, whys: lines(v.whys), root_cause: v.root_cause ?? '' };
    void run(() => recordRca(i.id, rca), 'incidents.rca.saved');
  };
  return (
    <Card size="small" title={t('incidents.rca.title')} data-testid="incident-rca">
      {i.rca && !editable && <RcaView rca={i.rca} params={params} />}
      {!i.rca && !editable && <Typography.Text type="secondary">{t('incidents.rca.none')}</Typography.Text>}
      {editable && (
        <Form form={form} layout="vertical" onFinish={save}
          initialValues={{
            whys: (i.rca?.whys ?? []).join('\n'),
            root_cause: i.rca?.root_cause ?? '',
            ...Object.fromEntries(params.fishbone_categories.map((c) => [`fb_${c.id}`, (i.rca?.fishbone?.[c.id] ?? []).join('\n')])),
          }}>
          <Form.Item label={t('incidents.rca.method')}>
            <Radio.Group value={method} onChange={(e) => setMethod(e.target.value as IncidentRca['method'])} data-testid="incident-rca-method">
              <Radio value="fishbone" data-testid="incident-rca-fishbone">{t('incidents.rca.fishbone')}</Radio>
              <Radio value="five_whys" data-testid="incident-rca-five-whys">{t('incidents.rca.five_whys')}</Radio>
            </Radio.Group>
          </Form.Item>
          {method === 'fishbone' ? (
            params.fishbone_categories.map((c) => (
              <Form.Item key={c.id} name={`fb_${c.id}`} label={nameOf(params.fishbone_categories, c.id, language)}>
                <Input.TextArea rows={2} placeholder={t('incidents.rca.causes_placeholder')} data-testid={`incident-rca-${c.id}`} />
              </Form.Item>
            ))
          ) : (
            <Form.Item name="whys" label={t('incidents.rca.five_whys')}>
              <Input.TextArea rows={5} placeholder={t('incidents.rca.whys_placeholder')} data-testid="incident-rca-whys" />
            </Form.Item>
          )}
          <Form.Item name="root_cause" label={t('incidents.rca.root_cause')} rules={[{ max: 500 }]}>
            <Input data-testid="incident-rca-root-cause" />
          </Form.Item>
          <Button htmlType="submit" loading={busy} data-testid="incident-rca-save">{t('incidents.rca.save')}</Button>
        </Form>
      )}
    </Card>
  );
}

function RcaView({ rca, params }: { rca: IncidentRca; params: IncidentParameters }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Tag>{t(`incidents.rca.${rca.method}`)}</Tag>
      {rca.method === 'fishbone' ? (
        <List size="small" dataSource={Object.entries(rca.fishbone ?? {})}
          renderItem={([cat, causes]) => (
            <List.Item><b>{nameOf(params.fishbone_categories, cat, language)}</b>：{causes.join('；')}</List.Item>
          )} />
      ) : (
        <ol style={{ margin: 0 }}>{(rca.whys ?? []).map((w, n) => <li key={n}>{w}</li>)}</ol>
      )}
      {rca.root_cause && <Typography.Text strong data-testid="incident-root-cause">{rca.root_cause}</Typography.Text>}
    </Space>
  );
}

export function ActionsCard({ incident: i, onChanged }: SectionProps) {
  const { t } = useTranslation();
  const { busy, run } = useChange(onChanged);
  const [owners, setOwners] = useState<{ user_id: number; display_name: string }[]>([]);
  const editable = i.can_review && i.state === 'actions';
  useEffect(() => {
    if (editable) actionOwners().then((r) => setOwners(r.items), () => setOwners([]));
  }, [editable]);
  if (i.state === 'reported' || i.state === 'under_review' || i.state === 'root_cause_analysis') return null;
  return (
    <Card size="small" title={t('incidents.actions.title')} data-testid="incident-actions">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={i.actions}
        locale={{ emptyText: t('incidents.actions.empty') }}
        columns={[
          { title: t('incidents.actions.description'), dataIndex: 'description' },
          { title: t('incidents.actions.owner'), dataIndex: 'owner_name' },
          { title: t('incidents.actions.due_on'), dataIndex: 'due_on' },
          {
            title: t('incidents.actions.status'),
            dataIndex: 'status',
            render: (s: string, a) => (
              <Tag color={s === 'done' ? 'green' : 'gold'} data-testid={`incident-action-status-${a.id}`}>{t(`incidents.actions.${s}`)}</Tag>
            ),
          },
          {
            title: '',
            key: 'act',
            render: (_: unknown, a) =>
              editable ? (
                <Button size="small" data-testid={`incident-action-toggle-${a.id}`}
                  onClick={() => void run(() => setActionStatus(i.id, a.id, a.status === 'done' ? 'open' : 'done'), 'incidents.moved')}>
                  {t(a.status === 'done' ? 'incidents.actions.reopen' : 'incidents.actions.mark_done')}
                </Button>
              ) : null,
          },
        ]}
      />
      {editable && (
        <Form<{ description: string; owner_user_id: number; due_on: Dayjs }> layout="inline" style={{ marginTop: 12 }}
          onFinish={(v) => void run(() => addAction(i.id, { description: v.description, owner_user_id: v.owner_user_id,
            due_on: v.due_on.format('YYYY-MM-DD') }), 'incidents.actions.added')}>
          <Form.Item name="description" rules={[{ required: true, max: 500 }]}>
            <Input placeholder={t('incidents.actions.description')} data-testid="incident-action-description" />
          </Form.Item>
          <Form.Item name="owner_user_id" rules={[{ required: true }]}>
            <Select style={{ width: 180 }} placeholder={t('incidents.actions.owner')} data-testid="incident-action-owner"
              options={owners.map((o) => ({ value: o.user_id, label: o.display_name }))} />
          </Form.Item>
          <Form.Item name="due_on" rules={[{ required: true }]}>
            <DatePicker placeholder={t('incidents.actions.due_on')} data-testid="incident-action-due" />
          </Form.Item>
          <Button htmlType="submit" loading={busy} data-testid="incident-action-add">{t('incidents.actions.add')}</Button>
        </Form>
      )}
    </Card>
  );
}

export function ThreadCard({ incident: i, onChanged }: SectionProps) {
  const { t } = useTranslation();
  const { busy, run } = useChange(onChanged);
  const [text, setText] = useState('');
  if (!i.can_review && i.messages.length === 0) return null;
  return (
    <Card size="small" title={t('incidents.thread.title')} data-testid="incident-thread">
      <MessageList messages={i.messages} />
      {i.can_review && (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input value={text} onChange={(e) => setText(e.target.value)} maxLength={2000}
            placeholder={t('incidents.thread.placeholder')} data-testid="incident-message-input" />
          <Button type="primary" loading={busy} disabled={text.trim() === ''} data-testid="incident-message-send"
            onClick={() => void run(() => postMessage(i.id, text.trim()), 'incidents.thread.sent').then((ok) => ok && setText(''))}>
            {t('incidents.thread.send')}
          </Button>
        </Space.Compact>
      )}
    </Card>
  );
}

export function MessageList({ messages }: { messages: { id: number; author: string; body: string; at: string }[] }) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      dataSource={messages}
      locale={{ emptyText: t('incidents.thread.empty') }}
      data-testid="incident-messages"
      renderItem={(m) => (
        <List.Item data-testid={`incident-message-${m.author}`}>
          <Space direction="vertical" size={0}>
            <Space>
              <Tag color={m.author === 'reviewer' ? 'blue' : 'default'}>{t(`incidents.thread.${m.author}`)}</Tag>
              <Typography.Text type="secondary">{formatDateTime(m.at)}</Typography.Text>
            </Space>
            <span>{m.body}</span>
          </Space>
        </List.Item>
      )}
    />
  );
}

export function LinkCard({ incident: i, onChanged }: SectionProps) {
  const { t } = useTranslation();
  const { busy, run } = useChange(onChanged);
  const [caseId, setCaseId] = useState<number | null>(null);
  if (!i.can_review || i.case_id != null) return null;
  return (
    <Card size="small" title={t('incidents.link.title')}>
      <Space>
        <InputNumber min={1} precision={0} value={caseId} onChange={setCaseId} placeholder={t('incidents.link.case_id')}
          data-testid="incident-link-case-id" />
        <Button disabled={!caseId} loading={busy} data-testid="incident-link-save"
          onClick={() => caseId && void run(() => linkCase(i.id, caseId), 'incidents.moved')}>
          {t('incidents.link.save')}
        </Button>
      </Space>
    </Card>
  );
}
