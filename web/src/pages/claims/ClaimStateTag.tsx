// The state of an insurance claim as a coloured tag, shared by the claims pages and the case page.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLOR: Record<string, string> = { paid: 'green', approved: 'blue', denied: 'red', awaiting_approval: 'orange' };

export function ClaimStateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={COLOR[state]} data-testid="claim-state">{t(`claims.state.${state}`)}</Tag>;
}
