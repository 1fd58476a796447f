// Users list for the platform admin (GET /api/v1/users, users.manage), with the role change and
// deactivation of a user (PATCH /api/v1/users/{id}; effective at the user's next request on every server).
import { useState } from 'react';
import { App, Button, Card, Modal, Popconfirm, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, request, type Schemas } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';

type User = Schemas['User'];

const STATUS_COLOR: Record<string, string> = { active: 'green', locked: 'orange', disabled: 'default' };

// Every role of the platform (src/modules/accounts/rules.cpp); the server refuses one that does not fit the organization.
const ROLES = ['platform_admin', 'medical_officer', 'clinician', 'patient', 'underwriter', 'adjuster', 'actuary',
  'mediator', 'lawyer', 'expert', 'regulator'];

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useCursorList<User, Schemas['UserPage']>((cursor) =>
    request(api.GET('/api/v1/users', { params: { query: { cursor, limit: 50 } } })),
  );
  const [editing, setEditing] = useState<User | null>(null);
  const [roles, setRoles] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const update = async (user: User, body: Schemas['UserChange']) => {
    setSaving(true);
    try {
      await request(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body }));
      message.success(t('accounts.users.saved'));
      setEditing(null);
      list.reload();
    } catch (error) {
      message.error(errorMessage(error, t));
    } finally {
      setSaving(false);
    }
  };

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
    {
      title: t('accounts.users.actions'),
      key: 'actions',
      render: (_: unknown, user: User) => (
        <Space size="small">
          <Button size="small" onClick={() => { setEditing(user); setRoles(user.roles); }} data-testid={`edit-roles-${user.username}`}>
            {t('accounts.users.edit_roles')}
          </Button>
          {user.status === 'disabled' ? (
            <Button size="small" onClick={() => update(user, { status: 'active' })} data-testid={`reactivate-${user.username}`}>
              {t('accounts.users.reactivate')}
            </Button>
          ) : (
            <Popconfirm
              title={t('accounts.users.deactivate_confirm', { name: user.display_name })}
              okText={t('accounts.users.deactivate')}
              cancelText={t('accounts.users.cancel')}
              onConfirm={() => update(user, { status: 'disabled' })}
            >
              <Button size="small" danger data-testid={`deactivate-${user.username}`}>{t('accounts.users.deactivate')}</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
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
      <Modal
        open={editing !== null}
        title={t('accounts.users.edit_roles_title', { name: editing?.display_name ?? '' })}
        okText={t('accounts.users.save')}
        cancelText={t('accounts.users.cancel')}
        okButtonProps={{ disabled: roles.length === 0 }}
        confirmLoading={saving}
        destroyOnClose
        onOk={() => editing && update(editing, { roles })}
        onCancel={() => setEditing(null)}
      >
        <p>{t('accounts.users.roles_hint')}</p>
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          value={roles}
          onChange={setRoles}
          options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          data-testid="roles-select"
        />
      </Modal>
    </PageContainer>
  );
}
