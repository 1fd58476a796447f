// A patient's own complaints and dispute cases (cases.read_own). The disputes module has no API yet,
// so this page explains what will appear here instead of calling an endpoint that does not exist.
import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../../components/PageContainer';

export default function MyCasesPage() {
  const { t } = useTranslation();
  return (
    <PageContainer title={t('menu.my_cases')}>
      <Card>
        <Empty
          data-testid="my-cases-empty"
          description={
            <>
              <Typography.Paragraph strong>{t('patient.my_cases.empty_title')}</Typography.Paragraph>
              <Typography.Paragraph type="secondary">{t('patient.my_cases.empty_body')}</Typography.Paragraph>
            </>
          }
        />
      </Card>
    </PageContainer>
  );
}
