// The signed-in frame: side menu built from the user's permissions (a drawer on phones), and a header
// with the organization, the language switch and the user's menu with logout.
import { useMemo, useState } from 'react';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Typography, type MenuProps } from 'antd';
import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api, request } from '../api/client';
import { appRoutes } from '../app/routes';
import { useAuth } from '../auth/AuthContext';
import { LanguageSwitch } from '../components/LanguageSwitch';

const { Header, Sider, Content } = Layout;

export default function BasicLayout() {
  const { t } = useTranslation();
  const { me, has, signedOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const mobile = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);

  const items = useMemo<MenuProps['items']>(
    () =>
      appRoutes
        .filter((route) => route.menu && has(route.permission))
        .map((route) => ({ key: route.path, icon: route.icon, label: t(route.labelKey) })),
    [has, t],
  );

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[location.pathname]}
      onClick={({ key }) => {
        setDrawerOpen(false);
        void navigate(key);
      }}
      style={{ borderInlineEnd: 'none' }}
      data-testid="main-menu"
    />
  );

  const logout = async () => {
    try {
      await request(api.POST('/api/v1/auth/logout'), { redirectOn401: false });
    } catch {
      // The session is gone either way; the login page follows.
    }
    signedOut();
    void navigate('/login', { replace: true });
  };

  const user = me?.user;
  const organization = user?.organization?.name ?? t('layout.no_organization');
  const userMenu: MenuProps = {
    items: [
      { key: 'org', label: organization, disabled: true },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'logout') void logout();
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Sider width={220} theme="light" breakpoint="lg" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <Brand />
          {menu}
        </Sider>
      )}
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: mobile ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: '1px solid #f0f0f0',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          {mobile && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('layout.open_menu')}
              data-testid="menu-toggle"
              onClick={() => setDrawerOpen(true)}
            />
          )}
          {mobile && <Brand compact />}
          <div style={{ flex: 1 }} />
          {!mobile && (
            <Typography.Text type="secondary" data-testid="header-organization" ellipsis style={{ maxWidth: 280 }}>
              {organization}
            </Typography.Text>
          )}
          <LanguageSwitch compact={mobile} />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button type="text" data-testid="user-menu" style={{ paddingInline: 4 }}>
              <Avatar size="small" icon={<UserOutlined />} />
              {!mobile && <span data-testid="header-user">{user?.display_name}</span>}
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: mobile ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
      {mobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          width={260}
          title={<Brand compact />}
          styles={{ body: { padding: 0 } }}
        >
          <div style={{ padding: '8px 16px' }}>
            <Typography.Text strong>{user?.display_name}</Typography.Text>
            <br />
            <Typography.Text type="secondary">{organization}</Typography.Text>
          </div>
          {menu}
        </Drawer>
      )}
    </Layout>
  );
}

function Brand({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      style={{
        height: compact ? 'auto' : 64,
        display: 'flex',
        alignItems: 'center',
        paddingInline: compact ? 0 : 20,
        fontWeight: 600,
        fontSize: compact ? 16 : 18,
        color: '#0b6e99',
        whiteSpace: 'nowrap',
      }}
    >
      {t('common.app_name')}
    </div>
  );
}
