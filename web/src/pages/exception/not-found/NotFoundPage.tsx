// Shown for any path the application does not know.
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={<span data-testid="not-found">{t('exception.not_found')}</span>}
      extra={
        <Link to="/">
          <Button type="primary">{t('exception.back_home')}</Button>
        </Link>
      }
    />
  );
}
