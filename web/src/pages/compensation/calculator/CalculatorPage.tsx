// The compensation calculator (compensation.calculate: medical officers, mediators, adjusters,
// lawyers): PRC personal-injury damages by the 2022 SPC interpretation with Guangdong standards, the
// causation share and insurance, shown line by line with each formula; a result can be saved to a case.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Form, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage, violationMessages } from '../../../api/client';
import { PageContainer } from '../../../components/PageContainer';
import { calculate, getParameters, saveCalculation, type Calculation, type CompensationInput, type Parameters } from './api';
import { CalculatorForm, INITIAL, toInput, type FormValues } from './CalculatorForm';
import { ResultView } from './ResultView';
import { SaveToCase } from './SaveToCase';

export default function CalculatorPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [parameters, setParameters] = useState<Parameters>();
  const [result, setResult] = useState<Calculation>();
  const [input, setInput] = useState<CompensationInput>();
  const [error, setError] = useState<{ message: string; fields: Array<{ field: string; message: string }> }>();
  const [running, setRunning] = useState(false);

  useEffect(() => {
    getParameters().then(setParameters, (e: unknown) => setError({ message: errorMessage(e, t), fields: [] }));
  }, [t]);

  const run = async (values: FormValues) => {
    const body = toInput(values);
    setRunning(true);
    setError(undefined);
    try {
      setResult(await calculate(body));
      setInput(body);
    } catch (e) {
      setResult(undefined);
      setError({ message: errorMessage(e, t), fields: violationMessages(e, t) });
    } finally {
      setRunning(false);
    }
  };

  return (
    <PageContainer title={t('menu.compensation')}>
      <div data-testid="compensation-page">
        <Row gutter={16}>
          <Col xs={24} xl={10}>
            <Card size="small" title={t('compensation.input_title')}>
              <CalculatorForm form={form} parameters={parameters} onFinish={run} initialValues={INITIAL} />
              <Space>
                <Button type="primary" loading={running} onClick={() => form.submit()} data-testid="calculate">
                  {t('compensation.calculate')}
                </Button>
                <Button onClick={() => { form.resetFields(); setResult(undefined); setError(undefined); }}>
                  {t('compensation.reset')}
                </Button>
              </Space>
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            {error && (
              <Alert type="error" showIcon style={{ marginBottom: 16 }} message={<span data-testid="error-message">{error.message}</span>}
                description={error.fields.length > 0 ? (
                  <ul data-testid="error-fields">{error.fields.map((f) => <li key={f.field}>{f.field}: {f.message}</li>)}</ul>
                ) : undefined} />
            )}
            {result && input && (
              <>
                <ResultView result={result} />
                <SaveToCase onSave={(caseId, label) => saveCalculation(caseId, label, input)} />
              </>
            )}
            {!result && !error && <Alert type="info" showIcon message={t('compensation.empty_hint')} />}
          </Col>
        </Row>
      </div>
    </PageContainer>
  );
}
