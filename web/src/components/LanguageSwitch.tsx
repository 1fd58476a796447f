// Toggles zh-CN ↔ en-US; the choice is stored in localStorage and sent as Accept-Language.
import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';

export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const target = i18n.language === 'en-US' ? 'zh-CN' : 'en-US';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      data-testid="language-switch"
      aria-label={t('common.switch_language')}
      lang={target}
      onClick={() => void setLanguage(target)}
    >
      {compact ? null : t('common.other_language')}
    </Button>
  );
}
