// The case workspace of officers, mediators, adjusters, lawyers and regulators (cases.read): dispute
// cases filtered by state and overdue (a running clock past due or a late health-authority report; the late
// deadlines are named in the table); officers also see their institution's complaints and turn
// one into a case.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { actOnComplaint, listCases, listComplaints, type Complaint, type DisputeCase } from '../api';

const STATES = ['filed', 'accepted', 'refused', 'investigation', 'appraisal', 'mediation', 'agreement', 'mediation_failed',
  'litigation', 'payment', 'closed', 'withdrawn'];

function ComplaintsCard({ onEscalated }: { onEscalated: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [items, setItems] = useState<Complaint[]>([]);
  const [demand, setDemand] = useState<number>(0);
  const load = useCallback(() => {
    listComplaints().then((r) => setItems(r.items)).catch((e: unknown) => message.error(errorMessage(e, t)));
  }, [message, t]);
  useEffect(load, [load]);
  const escalate = async (c: Complaint) => {
    try {
      await actOnComplaint(c.id, { action: 'escalate', case_type: 'other_harm', compensation_demand_fen: Math.round(demand * 100) });
      message.success(t('disputes.complaint.escalated'));
      load();
      onEscalated();
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };
  return (
    <Card size="small" title={t('disputes.workspace.complaints')}>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text>{t('disputes.workspace.demand_yuan')}</Typography.Text>
        <InputNumber min={0} value={demand} onChange={(v) => setDemand(v ?? 0)} data-testid="escalate-demand" />
      </Space>
      <div className="medrisk-table-wrap">
        <Table<Complaint>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={items}
          data-testid="complaints-table"
          columns={[
            { title: '#', dataIndex: 'id' },
            { title: t('disputes.complaint.category'), dataIndex: 'category', render: (c: string) => t(`disputes.category.${c}`) },
            { title: t('disputes.complaint.department'), dataIndex: 'department' },
            { title: t('disputes.workspace.state'), dataIndex: 'state', render: (s: string) => <Tag>{t(`disputes.complaint_state.${s}`)}</Tag> },
            { title: t('disputes.workspace.due'), dataIndex: 'response_due' },
            {
              title: '',
              render: (_: unknown, c: Complaint) =>
                c.state === 'open' || c.state === 'responded' ? (
                  <Button size="small" onClick={() => void escalate(c)} data-testid={`escalate-${c.id}`}>
                    {t('disputes.complaint.escalate')}
                  </Button>
                ) : c.case_id ? (
                  <Link to={`/disputes/cases/${c.case_id}`}>#{c.case_id}</Link>
                ) : null,
            },
          ]}
        />
      </div>
    </Card>
  );
}

export default function CasesPage() {
  const { t } = useTranslation();
  const { has } = useAuth();
  const [state, setState] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [items, setItems] = useState<DisputeCase[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    listCases(state, overdue).then((r) => setItems(r.items)).catch(setError);
  }, [state, overdue]);
  useEffect(load, [load]);
  if (error) return <ErrorResult error={error} onRetry={() => { setError(null); load(); }} />;
  const isOfficer = has('complaints.handle');
  return (
    <PageContainer title={t('menu.cases')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {isOfficer && <ComplaintsCard onEscalated={load} />}
        <Card size="small" title={t('disputes.workspace.cases')}>
          <Space wrap style={{ marginBottom: 8 }}>
            <Select
              allowClear
              placeholder={t('disputes.workspace.state')}
              style={{ width: 160 }}
              value={state}
              onChange={setState}
              options={STATES.map((s) => ({ value: s, label: t(`disputes.state.${s}`) }))}
            />
            <Switch checked={overdue} onChange={setOverdue} /> {t('disputes.workspace.overdue_only')}
          </Space>
          <div className="medrisk-table-wrap">
            <Table<DisputeCase>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={items}
              data-testid="cases-table"
              columns={[
                { title: '#', dataIndex: 'id', render: (id: number) => <Link to={`/disputes/cases/${id}`} data-testid={`case-link-${id}`}>#{id}</Link> },
                { title: t('disputes.case.type'), dataIndex: 'case_type', render: (c: string) => t(`disputes.case_type.${c}`) },
                { title: t('disputes.complaint.department'), dataIndex: 'department' },
                { title: t('disputes.workspace.state'), dataIndex: 'state', render: (s: string) => <Tag>{t(`disputes.state.${s}`)}</Tag> },
                { title: t('disputes.workspace.due'), dataIndex: 'due_on', render: (d?: string | null) => d ?? '—' },
                { title: t('disputes.case.overdue'), key: 'overdue', render: (_: unknown, c: DisputeCase) => (
                  <Space size={[0, 4]} wrap data-testid={`case-overdue-${c.id}`}>
                    {c.deadlines.filter((d) => d.overdue).map((d) => <Tag key={d.id} color="red">{t(`disputes.deadline.${d.id}`)}</Tag>)}
                  </Space>
                ) },
              ]}
            />
          </div>
        </Card>
      </Space>
    </PageContainer>
  );
}
