// The case page's "赔偿计算 / Compensation" section: the calculations saved against this case that the
// viewer's organization may read, each with the calculator's itemized result table (ResultView).
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Collapse, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../../api/client';
import { formatDateTime, formatFen } from '../../../components/format';
import { listCalculations, type SavedCalculation } from '../../compensation/calculator/api';
import { ResultView } from '../../compensation/calculator/ResultView';

export function CompensationSection({ caseId }: { caseId: number }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<SavedCalculation[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    listCalculations(caseId).then(setItems, (e: unknown) =>
      e instanceof ApiError && (e.status === 403 || e.status === 404) ? setItems(undefined) : setError(e));
  }, [caseId]);
  if (error) return <Alert type="error" showIcon message={errorMessage(error, t)} />;
  if (!items) return null;
  return (
    <Card size="small" title={t('disputes.screen.compensation')} data-testid="case-compensation">
      {items.length === 0 && <Typography.Text type="secondary">{t('disputes.screen.no_calculation')}</Typography.Text>}
      <Collapse defaultActiveKey={items.slice(0, 1).map((c) => c.id)} items={items.map((c) => ({
        key: c.id,
        label: <span data-testid={`calculation-${c.id}`}>
          {c.label || t('disputes.screen.calculation', { id: c.id })} · {t('compensation.liable')} {formatFen(c.liable_fen)}
          <Typography.Text type="secondary"> {formatDateTime(c.created_at)}</Typography.Text>
        </span>,
        children: <>
          <ResultView result={c.result} />
          <Button href={`/api/v1/compensation/calculations/${c.id}/document.pdf`} download style={{ marginTop: 8 }}
            data-testid={`calculation-pdf-${c.id}`}>
            {t('disputes.screen.calculation_pdf')}
          </Button>
        </>,
      }))} />
    </Card>
  );
}
