// Shown inside the layout when the user lacks the route's named permission.
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export default function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title="403"
      subTitle={<span data-testid="forbidden">{t('exception.forbidden')}</span>}
      extra={
        <Link to="/">
          <Button type="primary">{t('exception.back_home')}</Button>
        </Link>
      }
    />
  );
}
