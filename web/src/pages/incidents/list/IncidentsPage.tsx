// 医疗安全事件 — the institution's incident reports (incidents.report) or, for the regulator, the
// province's (incidents.read): filtered by state, severity class and overdue report to the authority.
import { useState } from 'react';
import { Button, Card, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';
import { INCIDENT_STATES, SEVERITY_CLASSES, listIncidents, type IncidentListItem, type IncidentQuery } from '../api';
import { ClassTag, StateTag } from '../IncidentTags';

export default function IncidentsPage() {
  const { t } = useTranslation();
  const { has } = useAuth();
  const [state, setState] = useState<IncidentQuery['state']>();
  const [cls, setCls] = useState<IncidentQuery['severity_class']>();
  const [overdue, setOverdue] = useState(() => new URLSearchParams(window.location.search).get('overdue') === 'true');
  const list = useCursorList<IncidentListItem, Awaited<ReturnType<typeof listIncidents>>>(
    (cursor) => listIncidents({ state, severity_class: cls, overdue }, cursor), [state, cls, overdue]);
  if (list.error) return <ErrorResult error={list.error} onRetry={list.reload} />;
  const regulator = !has('incidents.report');
  return (
    <PageContainer
      title={t(regulator ? 'incidents.province_title' : 'incidents.title')}
      extra={
        has('incidents.report') ? (
          <Link to="/incidents/new">
            <Button type="primary" data-testid="incident-report-button">{t('incidents.report')}</Button>
          </Link>
        ) : undefined
      }
    >
      <Card size="small">
        <Space wrap style={{ marginBottom: 8 }}>
          <Select
            allowClear
            placeholder={t('incidents.state_label')}
            style={{ width: 160 }}
            value={state}
            onChange={setState}
            data-testid="incidents-state-filter"
            options={INCIDENT_STATES.map((s) => ({ value: s, label: t(`incidents.state.${s}`) }))}
          />
          <Select
            allowClear
            placeholder={t('incidents.severity_class')}
            style={{ width: 140 }}
            value={cls}
            onChange={setCls}
            data-testid="incidents-class-filter"
            options={SEVERITY_CLASSES.map((c) => ({ value: c, label: t(`incidents.class.${c}`) }))}
          />
          <Switch checked={overdue} onChange={setOverdue} data-testid="incidents-overdue-filter" /> {t('incidents.overdue_only')}
        </Space>
        <div className="medrisk-table-wrap">
          <Table<IncidentListItem>
            rowKey="id"
            size="small"
            loading={list.loading}
            pagination={false}
            dataSource={list.items}
            data-testid="incidents-table"
            locale={{ emptyText: t('incidents.empty') }}
            columns={[
              {
                title: t('incidents.number'),
                dataIndex: 'number',
                render: (n: string, i) => <Link to={`/incidents/${i.id}`} data-testid={`incident-link-${i.id}`}>{n}</Link>,
              },
              ...(regulator ? [{ title: t('incidents.institution'), dataIndex: 'organization_name' }] : []),
              { title: t('incidents.department'), dataIndex: 'department' },
              { title: t('incidents.severity_class'), dataIndex: 'severity_class', render: (c: string) => <ClassTag value={c} /> },
              { title: t('incidents.state_label'), dataIndex: 'state', render: (s: string, i) => <StateTag value={s} testId={`incident-state-${i.id}`} /> },
              { title: t('incidents.occurred_at'), dataIndex: 'occurred_at', render: (v: string) => formatDateTime(v) },
              {
                title: t('incidents.report_due_at'),
                dataIndex: 'report_due_at',
                render: (v: string, i) => (
                  <Space size={4}>
                    <Typography.Text type={i.overdue ? 'danger' : undefined}>{formatDateTime(v)}</Typography.Text>
                    {i.overdue && <Tag color="red" data-testid={`incident-overdue-${i.id}`}>{t('incidents.overdue')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('incidents.reporter'),
                key: 'reporter',
                render: (_: unknown, i) => (i.anonymous ? <Tag>{t('incidents.anonymous_reporter')}</Tag> : (i.reporter_name ?? '—')),
              },
            ]}
          />
        </div>
        <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} testId="incidents-more" />
      </Card>
    </PageContainer>
  );
}
