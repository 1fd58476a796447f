// Organizations list for the platform admin (GET /api/v1/organizations, organizations.manage),
// with a chart of the loaded organizations by kind.
import { Suspense, lazy, useMemo, useState } from 'react';
import { Card, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, request, type Schemas } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { PageLoading } from '../../../components/PageLoading';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';

type Organization = Schemas['Organization'];

const BarChart = lazy(() => import('../../../components/charts/BarChart'));

const ORGANIZATION_KINDS: Organization['kind'][] = [
  'platform',
  'medical_institution',
  'insurer',
  'mediation_committee',
  'legal_aid',
  'appraisal_pool',
  'regulator',
];

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<string | undefined>(undefined);
  const list = useCursorList<Organization, Schemas['OrganizationPage']>(
    (cursor) => request(api.GET('/api/v1/organizations', { params: { query: { cursor, limit: 50, kind } } })),
    [kind],
  );

  const kindLabel = (value: string) => t(`accounts.org_kind.${value}`, { defaultValue: value });

  const columns: TableColumnsType<Organization> = [
    { title: t('accounts.organizations.id'), dataIndex: 'id', width: 80 },
    { title: t('accounts.organizations.name'), dataIndex: 'name' },
    { title: t('accounts.organizations.kind'), dataIndex: 'kind', render: (value: string) => <Tag>{kindLabel(value)}</Tag> },
    { title: t('accounts.organizations.region_code'), dataIndex: 'region_code' },
    { title: t('accounts.organizations.grade'), dataIndex: 'grade', render: (value?: string | null) => value ?? '—' },
    { title: t('accounts.organizations.created_at'), dataIndex: 'created_at', render: (value?: string) => formatDateTime(value) },
  ];

  const byKind = useMemo(() => {
    const counts = new Map<string, number>();
    for (const org of list.items) counts.set(org.kind, (counts.get(org.kind) ?? 0) + 1);
    return [...counts.entries()].map(([value, count]) => ({ label: kindLabel(value), value: count }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list.items, t]);

  return (
    <PageContainer
      title={t('menu.organizations')}
      extra={
        <Select
          allowClear
          style={{ minWidth: 180 }}
          placeholder={t('accounts.organizations.filter_kind')}
          value={kind}
          onChange={(value?: string) => setKind(value)}
          options={ORGANIZATION_KINDS.map((value) => ({ value, label: kindLabel(value) }))}
        />
      }
    >
      {list.error !== null && list.items.length === 0 ? (
        <ErrorResult error={list.error} onRetry={list.reload} />
      ) : (
        <>
          {byKind.length > 1 && (
            <Card size="small" title={t('accounts.organizations.chart_title')} style={{ marginBottom: 16 }}>
              <Suspense fallback={<PageLoading />}>
                <BarChart data={byKind} ariaLabel={t('accounts.organizations.chart_title')} />
              </Suspense>
            </Card>
          )}
          <Card size="small">
            <div className="medrisk-table-wrap">
              <Table<Organization>
                rowKey="id"
                columns={columns}
                dataSource={list.items}
                loading={list.loading}
                pagination={false}
                locale={{ emptyText: t('accounts.organizations.empty') }}
                data-testid="organizations-table"
              />
            </div>
            <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
          </Card>
        </>
      )}
    </PageContainer>
  );
}
