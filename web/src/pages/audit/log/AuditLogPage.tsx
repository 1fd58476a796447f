// The hash-chained audit log (GET /api/v1/audit, audit.read): who did what to which resource, when.
import { useState } from 'react';
import { Button, Card, Form, Input, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, request, type Schemas } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';

type AuditEntry = Schemas['AuditEntry'];

interface Filters {
  action?: string;
  resource_type?: string;
  resource_id?: string;
}

const clean = (value?: string) => (value && value.trim() ? value.trim() : undefined);

export default function AuditLogPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const list = useCursorList<AuditEntry, Schemas['AuditPage']>(
    (cursor) =>
      request(
        api.GET('/api/v1/audit', {
          params: {
            query: {
              cursor,
              limit: 50,
              action: clean(filters.action),
              resource_type: clean(filters.resource_type),
              resource_id: clean(filters.resource_id),
            },
          },
        }),
      ),
    [filters],
  );

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', render: (value: string) => formatDateTime(value), width: 180 },
    { title: t('audit.action'), dataIndex: 'action', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
    {
      title: t('audit.resource'),
      key: 'resource',
      render: (_, entry) => `${entry.resource_type} #${entry.resource_id}`,
    },
    { title: t('audit.actor'), dataIndex: 'actor_user_id', render: (value?: number | null) => (value == null ? t('audit.system') : `#${value}`) },
    { title: t('audit.request_id'), dataIndex: 'request_id', render: (value?: string | null) => value ?? '—' },
    {
      title: t('audit.entry_hash'),
      dataIndex: 'entry_hash',
      render: (value: string) => (
        <Typography.Text code copyable={{ text: value }} title={value}>
          {value.slice(0, 12)}…
        </Typography.Text>
      ),
    },
  ];

  return (
    <PageContainer title={t('menu.audit')}>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<Filters> layout="inline" onFinish={(values) => setFilters(values)} style={{ rowGap: 8 }}>
          <Form.Item name="action" label={t('audit.action')}>
            <Input allowClear placeholder={t('audit.action_placeholder')} />
          </Form.Item>
          <Form.Item name="resource_type" label={t('audit.resource_type')}>
            <Input allowClear />
          </Form.Item>
          <Form.Item name="resource_id" label={t('audit.resource_id')}>
            <Input allowClear />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button href={auditExportHref(filters)} download data-testid="audit-export" style={{ marginLeft: 8 }}>
            {t('common.export_excel')}
          </Button>
        </Form>
      </Card>
      {list.error !== null && list.items.length === 0 ? (
        <ErrorResult error={list.error} onRetry={list.reload} />
      ) : (
        <Card size="small">
          <div className="medrisk-table-wrap">
            <Table<AuditEntry>
              rowKey="id"
              columns={columns}
              dataSource={list.items}
              loading={list.loading}
              pagination={false}
              locale={{ emptyText: t('audit.empty') }}
              data-testid="audit-table"
            />
          </div>
          <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
        </Card>
      )}
    </PageContainer>
  );
}

// GET /audit.xlsx with the list's filters.
function auditExportHref(filters: Filters): string {
  const q = new URLSearchParams();
  for (const key of ['action', 'resource_type', 'resource_id'] as const) {
    const v = clean(filters[key]);
    if (v) q.set(key, v);
  }
  const query = q.toString();
  return `/api/v1/audit.xlsx${query ? `?${query}` : ''}`;
}
