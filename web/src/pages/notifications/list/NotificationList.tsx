// A list of notifications with "mark as read" (POST /api/v1/notifications/{id}/read); shared by the
// home page (unread only) and the notifications page (all).
import { App, Button, Empty, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, request, type Schemas } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadMore } from '../../../components/LoadMore';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';

type Notification = Schemas['Notification'];

export function NotificationList({ unreadOnly, pageSize = 20 }: { unreadOnly: boolean; pageSize?: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useCursorList<Notification, Schemas['NotificationPage']>(
    (cursor) =>
      request(
        api.GET('/api/v1/notifications', {
          params: { query: { cursor, limit: pageSize, unread: unreadOnly ? true : undefined } },
        }),
      ),
    [unreadOnly, pageSize],
  );

  const markRead = async (id: number) => {
    try {
      await request(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
      list.reload();
    } catch (failure) {
      void message.error(errorMessage(failure, t));
    }
  };

  if (list.error !== null && list.items.length === 0) return <ErrorResult error={list.error} onRetry={list.reload} />;

  return (
    <>
      <List<Notification>
        loading={list.loading}
        dataSource={list.items}
        data-testid="notification-list"
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={unreadOnly ? t('notifications.empty_unread') : t('notifications.empty')}
            />
          ),
        }}
        renderItem={(item) => (
          <List.Item
            actions={
              item.read
                ? []
                : [
                    <Button key="read" size="small" type="link" onClick={() => void markRead(item.id)}>
                      {t('notifications.mark_read')}
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              title={
                <>
                  {!item.read && <Tag color="blue">{t('notifications.unread')}</Tag>}
                  {item.title}
                </>
              }
              description={
                <>
                  {item.body && <Typography.Paragraph style={{ marginBottom: 4 }}>{item.body}</Typography.Paragraph>}
                  <Typography.Text type="secondary">{formatDateTime(item.created_at)}</Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </>
  );
}
