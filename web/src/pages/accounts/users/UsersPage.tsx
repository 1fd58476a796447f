// Users list for the platform admin (GET /api/v1/users, users.manage).
import { Card, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, request, type Schemas } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';

type User = Schemas['User'];

const STATUS_COLOR: Record<string, string> = { active: 'green', locked: 'orange', disabled: 'default' };

export default function UsersPage() {
  const { t } = useTranslation();
  const list = useCursorList<User, Schemas['UserPage']>((cursor) =>
    request(api.GET('/api/v1/users', { params: { query: { cursor, limit: 50 } } })),
  );

  const columns: TableColumnsType<User> = [
    { title: t('accounts.users.username'), dataIndex: 'username' },
    { title: t('accounts.users.display_name'), dataIndex: 'display_name' },
    {
      title: t('accounts.users.roles'),
      dataIndex: 'roles',
      render: (roles: string[]) => roles.map((role) => <Tag key={role}>{t(`roles.${role}`, { defaultValue: role })}</Tag>),
    },
    {
      title: t('accounts.users.organization'),
      dataIndex: 'organization',
      render: (org: User['organization']) => org?.name ?? t('layout.no_organization'),
    },
    {
      title: t('accounts.users.status'),
      dataIndex: 'status',
      render: (status?: string) =>
        status ? <Tag color={STATUS_COLOR[status] ?? 'default'}>{t(`accounts.user_status.${status}`, { defaultValue: status })}</Tag> : '—',
    },
    { title: t('accounts.users.created_at'), dataIndex: 'created_at', render: (value?: string) => formatDateTime(value) },
  ];

  return (
    <PageContainer title={t('menu.users')}>
      {list.error !== null && list.items.length === 0 ? (
        <ErrorResult error={list.error} onRetry={list.reload} />
      ) : (
        <Card size="small">
          <div className="medrisk-table-wrap">
            <Table<User>
              rowKey="id"
              columns={columns}
              dataSource={list.items}
              loading={list.loading}
              pagination={false}
              locale={{ emptyText: t('accounts.users.empty') }}
              data-testid="users-table"
            />
          </div>
          <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
        </Card>
      )}
    </PageContainer>
  );
}
