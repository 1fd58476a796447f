// 理赔 — the insurer's claims (claims.read): filtered by state and overdue clock, with the money of each
// claim (outstanding, paid, incurred) and its next Insurance-Law deadline, red when overdue.
import { useState } from 'react';
import { Button, Card, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { useCursorList } from '../../../components/useCursorList';
import { CLAIM_STATES, listClaims, nextDeadline, type Claim } from '../api';
import { ClaimStateTag } from '../ClaimStateTag';
import { formatFen } from '../../../components/format';

export default function ClaimsPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const list = useCursorList<Claim, Awaited<ReturnType<typeof listClaims>>>(
    (cursor) => listClaims({ state, overdue }, cursor), [state, overdue]);
  if (list.error) return <ErrorResult error={list.error} onRetry={list.reload} />;
  return (
    <PageContainer
      title={t('menu.claims')}
      extra={<Link to="/claims/portfolio"><Button data-testid="portfolio-link">{t('claims.portfolio.title')}</Button></Link>}
    >
      <Card size="small">
        <Space wrap style={{ marginBottom: 8 }}>
          <Select
            allowClear
            placeholder={t('claims.field.state')}
            style={{ width: 160 }}
            value={state}
            onChange={setState}
            data-testid="claims-state-filter"
            options={CLAIM_STATES.map((s) => ({ value: s, label: t(`claims.state.${s}`) }))}
          />
          <Switch checked={overdue} onChange={setOverdue} data-testid="claims-overdue-filter" /> {t('claims.list.overdue_only')}
          <Button href={exportHref(state, overdue)} download data-testid="claims-export">{t('claims.list.export')}</Button>
        </Space>
        <div className="medrisk-table-wrap">
          <Table<Claim>
            rowKey="id"
            size="small"
            loading={list.loading}
            pagination={false}
            dataSource={list.items}
            data-testid="claims-table"
            locale={{ emptyText: t('claims.list.empty') }}
            columns={[
              {
                title: t('claims.field.claim_number'),
                dataIndex: 'claim_number',
                render: (n: string, c) => <Link to={`/claims/${c.id}`} data-testid={`claim-link-${c.id}`}>{n}</Link>,
              },
              { title: t('claims.field.policy'), dataIndex: 'policy_number' },
              {
                title: t('claims.field.case'),
                dataIndex: 'case_id',
                render: (id?: number | null) => (id ? <Link to={`/disputes/cases/${id}`}>#{id}</Link> : '—'),
              },
              { title: t('claims.field.state'), dataIndex: 'state', render: (s: string) => <ClaimStateTag state={s} /> },
              { title: t('claims.field.outstanding'), dataIndex: 'outstanding_fen', align: 'right', render: formatFen },
              { title: t('claims.field.paid'), dataIndex: 'paid_fen', align: 'right', render: formatFen },
              { title: t('claims.field.incurred'), dataIndex: 'incurred_fen', align: 'right', render: formatFen },
              {
                title: t('claims.field.next_deadline'),
                key: 'next_deadline',
                render: (_: unknown, c) => {
                  const d = nextDeadline(c);
                  if (!d) return '—';
                  return (
                    <Space size={4} data-testid={`claim-next-deadline-${c.id}`}>
                      <Typography.Text type={d.overdue ? 'danger' : undefined}>{d.due}</Typography.Text>
                      <Typography.Text type="secondary">{t(`claims.deadline.${d.id}`)}</Typography.Text>
                      {d.overdue && <Tag color="red">{t('claims.overdue')}</Tag>}
                    </Space>
                  );
                },
              },
            ]}
          />
        </div>
        <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} testId="claims-more" />
      </Card>
    </PageContainer>
  );
}

/** GET /api/v1/claims.xlsx with the list's filters: the same rows as the list, as a workbook. */
function exportHref(state: string | undefined, overdue: boolean): string {
  const q = new URLSearchParams();
  if (state) q.set('state', state);
  if (overdue) q.set('overdue', 'true');
  const query = q.toString();
  return `/api/v1/claims.xlsx${query ? `?${query}` : ''}`;
}
