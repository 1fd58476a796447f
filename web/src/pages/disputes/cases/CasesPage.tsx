// The case workspace of officers, mediators, adjusters, lawyers and regulators (cases.read): dispute
// cases filtered by state and overdue (a running clock past due or a late health-authority report; the late
// deadlines are named in the table); officers also see their institution's complaints and turn
// one into a case.
import { useState } from 'react';
import { App, Button, Card, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorResult } from '../../../components/ErrorResult';
import { ReportFromComplaint } from '../../incidents/LinkedIncidents';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { useCursorList } from '../../../components/useCursorList';
import { yuanToFen } from '../../../lib/money';
import { actOnComplaint, listCases, listComplaints, type Complaint, type DisputeCase } from '../api';

const STATES = ['filed', 'accepted', 'refused', 'investigation', 'appraisal', 'mediation', 'agreement', 'mediation_failed',
  'litigation', 'payment', 'closed', 'withdrawn'];

function ComplaintsCard({ onEscalated }: { onEscalated: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useCursorList<Complaint, Awaited<ReturnType<typeof listComplaints>>>((cursor) => listComplaints(undefined, cursor));
  const [demand, setDemand] = useState<string>('0');
  const escalate = async (c: Complaint) => {
    try {
      await actOnComplaint(c.id, { action: 'escalate', case_type: 'other_harm', compensation_demand_fen: yuanToFen(demand) ?? 0 });
      message.success(t('disputes.complaint.escalated'));
      list.reload();
      onEscalated();
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };
  return (
    <Card size="small" title={t('disputes.workspace.complaints')}>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text>{t('disputes.workspace.demand_yuan')}</Typography.Text>
        <InputNumber<string> stringMode min="0" precision={2} value={demand} onChange={(v) => setDemand(v ?? '0')}
          data-testid="escalate-demand" />
      </Space>
      <div className="medrisk-table-wrap">
        <Table<Complaint>
          rowKey="id"
          size="small"
          pagination={false}
          loading={list.loading}
          dataSource={list.items}
          data-testid="complaints-table"
          columns={[
            { title: '#', dataIndex: 'id' },
            { title: t('disputes.complaint.category'), dataIndex: 'category', render: (c: string) => t(`disputes.category.${c}`) },
            { title: t('disputes.complaint.department'), dataIndex: 'department' },
            { title: t('disputes.workspace.state'), dataIndex: 'state', render: (s: string) => <Tag>{t(`disputes.complaint_state.${s}`)}</Tag> },
            { title: t('disputes.workspace.due'), dataIndex: 'response_due' },
            {
              title: '',
              render: (_: unknown, c: Complaint) => (
                <Space size={4}>
                  {c.state === 'open' || c.state === 'responded' ? (
                    <Button size="small" onClick={() => void escalate(c)} data-testid={`escalate-${c.id}`}>
                      {t('disputes.complaint.escalate')}
                    </Button>
                  ) : c.case_id ? (
                    <Link to={`/disputes/cases/${c.case_id}`}>#{c.case_id}</Link>
                  ) : null}
                  <ReportFromComplaint complaintId={c.id} department={c.department} />
                </Space>
              ),
            },
          ]}
        />
      </div>
      {list.error != null && <Typography.Text type="danger">{errorMessage(list.error, t)}</Typography.Text>}
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} testId="complaints-more" />
    </Card>
  );
}

export default function CasesPage() {
  const { t } = useTranslation();
  const { has } = useAuth();
  const [state, setState] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const list = useCursorList<DisputeCase, Awaited<ReturnType<typeof listCases>>>(
    (cursor) => listCases(state, overdue, cursor), [state, overdue]);
  if (list.error) return <ErrorResult error={list.error} onRetry={list.reload} />;
  const isOfficer = has('complaints.handle');
  return (
    <PageContainer title={t('menu.cases')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {isOfficer && <ComplaintsCard onEscalated={list.reload} />}
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
            <Button href={casesExportHref(state, overdue)} download data-testid="cases-export">{t('disputes.workspace.export')}</Button>
          </Space>
          <div className="medrisk-table-wrap">
            <Table<DisputeCase>
              rowKey="id"
              size="small"
              pagination={false}
              loading={list.loading}
              dataSource={list.items}
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
          <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} testId="cases-more" />
        </Card>
      </Space>
    </PageContainer>
  );
}

// GET /cases.xlsx with the list's filters.
function casesExportHref(state: string | undefined, overdue: boolean): string {
  const q = new URLSearchParams();
  if (state) q.set('state', state);
  if (overdue) q.set('overdue', 'true');
  const query = q.toString();
  return `/api/v1/cases.xlsx${query ? `?${query}` : ''}`;
}
