// Frame for the pages seen before signing in (login, registration): a centered card that fits 375 px.
import type { ReactNode } from 'react';
import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';

export function PublicLayout({ title, children }: { title: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <Flex justify="space-between" align="center" style={{ padding: '8px 12px' }}>
        <Typography.Text strong style={{ color: '#0b6e99', fontSize: 16 }}>
          {t('common.app_name')}
        </Typography.Text>
        <LanguageSwitch />
      </Flex>
      <Flex justify="center" style={{ flex: 1, padding: '16px 12px 48px' }}>
        <div style={{ width: '100%', maxWidth: 400 }}>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            {t('common.tagline')}
          </Typography.Paragraph>
          <Card>
            <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
              {title}
            </Typography.Title>
            {children}
          </Card>
        </div>
      </Flex>
    </div>
  );
}
