// The actuary page (actuarial.read: actuaries and regulators): reserving on a reference or pasted
// triangle, and aggregate loss distributions for pool solvency (VaR/TVaR 99.5 %).
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../../components/PageContainer';
import AggregatePanel from './AggregatePanel';
import ReservingPanel from './ReservingPanel';

export default function ActuarialPage() {
  const { t } = useTranslation();
  return (
    <PageContainer title={t('menu.actuarial')}>
      <div data-testid="actuarial-page">
        <ReservingPanel />
        <AggregatePanel />
      </div>
    </PageContainer>
  );
}
