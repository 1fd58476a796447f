// All of the user's notifications, newest first (notifications.read).
import { Card, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../../components/PageContainer';
import { NotificationList } from './NotificationList';

export default function NotificationsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<'all' | 'unread'>('unread');
  return (
    <PageContainer
      title={t('menu.notifications')}
      extra={
        <Segmented
          value={filter}
          onChange={(value) => setFilter(value === 'all' ? 'all' : 'unread')}
          options={[
            { value: 'unread', label: t('notifications.filter_unread') },
            { value: 'all', label: t('notifications.filter_all') },
          ]}
        />
      }
    >
      <Card size="small">
        <NotificationList unreadOnly={filter === 'unread'} />
      </Card>
    </PageContainer>
  );
}
