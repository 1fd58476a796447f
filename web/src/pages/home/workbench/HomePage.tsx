// The signed-in home page: greeting, per role its key figures and work with live figures (each module's
// summary endpoint, ../dashboard), unread notifications (GET /api/v1/notifications?unread=true) and
// shortcuts to the pages the user may open.
import { Card, Col, Flex, List, Row, Tag, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { appRoutes } from '../../../app/routes';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageLoading } from '../../../components/PageLoading';
import { currentLanguage } from '../../../i18n';
import { NotificationList } from '../../notifications/list/NotificationList';
import { renderCard, renderFigures } from '../dashboard/cards';
import { useDashboard } from '../dashboard/useDashboard';
import { EXTRA_ROLE_CARDS, ROLE_CARDS } from './roleWork';

export default function HomePage() {
  const { t, i18n } = useTranslation();
  const { me, has } = useAuth();
  const { data, error, reload } = useDashboard();
  if (!me) return null;
  const { user } = me;
  const shortcuts = appRoutes.filter((route) => route.menu && route.path !== '/' && has(route.permission));
  const ctx = data ? { data, t, language: i18n.language || currentLanguage() } : undefined;

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
        <Col xs={24} xl={16}>
          {error ? (
            <ErrorResult error={error} onRetry={reload} />
          ) : !ctx ? (
            <PageLoading />
          ) : (
            user.roles.map((role) => (
              <section key={role} data-testid={`role-work-${role}`} style={{ marginBottom: 8 }}>
                <Typography.Title level={2} style={{ fontSize: 16 }}>
                  {t('home.work_title', { role: t(`roles.${role}`, { defaultValue: role }) })}
                </Typography.Title>
                {renderFigures(role, ctx)}
                <Row gutter={16}>
                  {(ROLE_CARDS[role] ?? []).map((id) => {
                    const card = renderCard(id, ctx);
                    return card ? (
                      <Col key={id} xs={24} lg={id === 'regions' ? 24 : 12}>
                        {card}
                      </Col>
                    ) : null;
                  })}
                  {(EXTRA_ROLE_CARDS[role] ?? []).map((ExtraCard, i) => (
                    <Col key={`extra-${i}`} xs={24} lg={12}>
                      <ExtraCard />
                    </Col>
                  ))}
                </Row>
              </section>
            ))
          )}
        </Col>
        <Col xs={24} xl={8}>
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
      </Row>
    </div>
  );
}
