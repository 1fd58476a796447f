// "Load more" under a cursor-paginated table.
import { Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';

export function LoadMore({ hasMore, loading, onClick, testId }: { hasMore: boolean; loading: boolean; onClick: () => void; testId?: string }) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <Flex justify="center" style={{ marginTop: 12 }}>
      <Button onClick={onClick} loading={loading} data-testid={testId}>
        {t('common.load_more')}
      </Button>
    </Flex>
  );
}
