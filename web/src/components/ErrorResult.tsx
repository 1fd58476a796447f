// A failed load shown as a localized message with a retry button — never raw JSON, never a blank page.
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';

export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.status : 0;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Result
      status={status === 403 ? '403' : status === 404 ? '404' : 'error'}
      title={t('common.load_failed')}
      subTitle={
        <span data-testid="error-message">
          {errorMessage(error, t)}
          {requestId ? ` (${t('common.request_id')}: ${requestId})` : ''}
        </span>
      }
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
