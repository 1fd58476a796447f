// The Insurance-Law clock of a claim (保险法 arts. 23–25): each deadline with its due date, red and tagged
// when overdue, or the day it was met.
import { Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ClaimDeadline } from '../api';

export function DeadlinesCard({ deadlines }: { deadlines: ClaimDeadline[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('claims.workspace.deadlines')}>
      <List
        data-testid="claim-deadlines"
        dataSource={deadlines}
        locale={{ emptyText: t('claims.workspace.no_deadline') }}
        renderItem={(d) => (
          <List.Item data-testid={`claim-deadline-${d.id}`}>
            <span>{t(`claims.deadline.${d.id}`)}</span>
            <Space>
              <Typography.Text type={d.overdue && !d.met_on ? 'danger' : undefined}>{t('claims.workspace.due', { date: d.due })}</Typography.Text>
              {d.met_on && <Tag color="green">{t('claims.workspace.met_on', { date: d.met_on })}</Tag>}
              {d.overdue && !d.met_on && <Tag color="red">{t('claims.overdue')}</Tag>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
