// The state and severity-class tags every incident view shows (one colour per class).
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const CLASS_COLOURS: Record<string, string> = { general: 'blue', major: 'orange', extraordinary: 'red' };
const STATE_COLOURS: Record<string, string> = {
  reported: 'gold',
  under_review: 'processing',
  root_cause_analysis: 'purple',
  actions: 'cyan',
  closed: 'default',
};

export function ClassTag({ value }: { value: string }) {
  const { t } = useTranslation();
  return <Tag color={CLASS_COLOURS[value]}>{t(`incidents.class.${value}`)}</Tag>;
}

export function StateTag({ value, testId }: { value: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOURS[value]} data-testid={testId}>
      {t(`incidents.state.${value}`)}
    </Tag>
  );
}
