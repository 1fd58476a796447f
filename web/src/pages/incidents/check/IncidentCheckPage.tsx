// 凭查询码查看事件报告 — the anonymous reporter's page (no sign-in): the reply token opens the report's
// progress and the thread with the medical office. The token stays in this page's memory only.
import { useState } from 'react';
import { App, Button, Card, Descriptions, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { formatDateTime } from '../../../components/format';
import { readByToken, writeByToken, type IncidentTokenView } from '../api';
import { ClassTag, StateTag } from '../IncidentTags';
import { MessageList } from '../detail/sections';

export default function IncidentCheckPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [token, setToken] = useState('');
  const [view, setView] = useState<IncidentTokenView | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (call: () => Promise<IncidentTokenView>, done?: string) => {
    setBusy(true);
    try {
      setView(await call());
      if (done) message.success(t(done));
      return true;
    } catch (e) {
      message.error(errorMessage(e, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ maxWidth: 720, margin: '24px auto', padding: '0 12px' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('incidents.check.title')}</Typography.Title>
        <LanguageSwitch />
      </Space>
      <Card size="small">
        <Space.Compact style={{ width: '100%' }}>
          <Input.Password value={token} onChange={(e) => setToken(e.target.value.trim())} placeholder={t('incidents.check.token')}
            data-testid="incident-check-token" />
          <Button type="primary" loading={busy} disabled={token === ''} data-testid="incident-check-open"
            onClick={() => void act(() => readByToken(token))}>
            {t('incidents.check.open')}
          </Button>
        </Space.Compact>
      </Card>
      {view && (
        <Card size="small" style={{ marginTop: 12 }} title={view.number}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('incidents.state_label')}><StateTag value={view.state} testId="incident-check-state" /></Descriptions.Item>
            <Descriptions.Item label={t('incidents.severity_class')}><ClassTag value={view.severity_class} /></Descriptions.Item>
            <Descriptions.Item label={t('incidents.submitted')}>{formatDateTime(view.created_at)}</Descriptions.Item>
          </Descriptions>
          <MessageList messages={view.messages} />
          <Space.Compact style={{ width: '100%', marginTop: 8 }}>
            <Input value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} placeholder={t('incidents.thread.placeholder')}
              data-testid="incident-check-message" />
            <Button loading={busy} disabled={text.trim() === ''} data-testid="incident-check-send"
              onClick={() => void act(() => writeByToken(token, text.trim()), 'incidents.thread.sent').then((ok) => ok && setText(''))}>
              {t('incidents.thread.send')}
            </Button>
          </Space.Compact>
        </Card>
      )}
      <div style={{ marginTop: 12 }}><Link to="/">{t('incidents.check.back_to_login')}</Link></div>
    </div>
  );
}
