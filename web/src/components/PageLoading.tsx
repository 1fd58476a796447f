// Centered spinner shown while a lazy page or the session loads.
import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }} role="status" aria-label={t('common.loading')}>
      <Spin />
    </div>
  );
}
