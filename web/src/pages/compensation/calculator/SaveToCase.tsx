// Saves the shown calculation against a dispute case (POST /api/v1/compensation/calculations); the
// server recomputes it and records who saved it.
import { useState } from 'react';
import { Alert, Button, Card, Input, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import type { SavedCalculation } from './api';

export function SaveToCase({ onSave }: { onSave: (caseId: number, label: string) => Promise<SavedCalculation> }) {
  const { t } = useTranslation();
  const [caseId, setCaseId] = useState<number | null>(null);
  const [label, setLabel] = useState('');
  const [saved, setSaved] = useState<SavedCalculation>();
  const [error, setError] = useState<string>();

  const save = async () => {
    if (caseId == null) return;
    setError(undefined);
    try {
      setSaved(await onSave(caseId, label));
    } catch (e) {
      setError(errorMessage(e, t));
    }
  };

  return (
    <Card size="small" title={t('compensation.save_title')} style={{ marginTop: 12 }}>
      <Space wrap>
        <InputNumber min={1} precision={0} placeholder={t('compensation.case_id')} value={caseId} onChange={setCaseId} data-testid="case-id" />
        <Input placeholder={t('compensation.label')} value={label} maxLength={100} onChange={(e) => setLabel(e.target.value)} style={{ width: 220 }} />
        <Button onClick={save} disabled={caseId == null} data-testid="save-calculation">{t('compensation.save')}</Button>
      </Space>
      {saved && <Alert style={{ marginTop: 8 }} type="success" showIcon message={<span data-testid="saved-message">{t('compensation.saved', { id: saved.id, case_id: saved.case_id })}</span>} />}
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon message={<span data-testid="error-message">{error}</span>} />}
    </Card>
  );
}
