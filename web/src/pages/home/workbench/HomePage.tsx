// The signed-in home page: greeting, unread notifications (GET /api/v1/notifications?unread=true),
// shortcuts to the pages the user may open, and per role the work that will appear here.
import { Card, Col, Flex, List, Row, Tag, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { appRoutes } from '../../../app/routes';
import { useAuth } from '../../../auth/AuthContext';
import { NotificationList } from '../../notifications/list/NotificationList';
import { ROLE_WORK } from './roleWork';

export default function HomePage() {
  const { t } = useTranslation();
  const { me, has } = useAuth();
  if (!me) return null;
  const { user } = me;
  const shortcuts = appRoutes.filter((route) => route.menu && route.path !== '/' && has(route.permission));

  return (
    <div data-testid="home-page">
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('home.welcome', { name: user.display_name })}
      </Typography.Title>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        {user.roles.map((role) => (
          <Tag color="geekblue" key={role} data-testid={`role-tag-${role}`}>
            {t(`roles.${role}`, { defaultValue: role })}
          </Tag>
        ))}
        <Typography.Text type="secondary">{user.organization?.name ?? t('layout.no_organization')}</Typography.Text>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={t('home.unread_title')}
            extra={has('notifications.read') ? <Link to="/notifications">{t('home.all_notifications')}</Link> : null}
          >
            {has('notifications.read') ? <NotificationList unreadOnly pageSize={5} /> : null}
          </Card>
          {shortcuts.length > 0 && (
            <Card size="small" title={t('home.shortcuts')} style={{ marginTop: 16 }}>
              <List
                dataSource={shortcuts}
                renderItem={(route) => (
                  <List.Item>
                    <Link to={route.path} style={{ display: 'flex', width: '100%', alignItems: 'center', gap: 8 }}>
                      {route.icon}
                      <span style={{ flex: 1 }}>{t(route.labelKey)}</span>
                      <RightOutlined />
                    </Link>
                  </List.Item>
                )}
              />
            </Card>
          )}
        </Col>
        <Col xs={24} lg={10}>
          {user.roles.map((role) => (
            <Card
              key={role}
              size="small"
              title={t('home.work_title', { role: t(`roles.${role}`, { defaultValue: role }) })}
              extra={<Tag>{t('home.coming_soon')}</Tag>}
              style={{ marginBottom: 16 }}
              data-testid={`role-work-${role}`}
            >
              <Typography.Paragraph type="secondary">{t('home.placeholder_note')}</Typography.Paragraph>
              <List
                size="small"
                dataSource={ROLE_WORK[role] ?? ['home.work.unknown']}
                renderItem={(key) => <List.Item>{t(key)}</List.Item>}
              />
            </Card>
          ))}
        </Col>
      </Row>
    </div>
  );
}
