// The signed-in person's own policies (policies.read_own: a patient's visit and accident cover, a
// clinician's practice liability). The insurance module has no API yet: an explained empty state.
import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../../components/PageContainer';

export default function MyPoliciesPage() {
  const { t } = useTranslation();
  return (
    <PageContainer title={t('menu.my_policies')}>
      <Card>
        <Empty
          data-testid="my-policies-empty"
          description={
            <>
              <Typography.Paragraph strong>{t('patient.my_policies.empty_title')}</Typography.Paragraph>
              <Typography.Paragraph type="secondary">{t('patient.my_policies.empty_body')}</Typography.Paragraph>
            </>
          }
        />
      </Card>
    </PageContainer>
  );
}
