// Aggregate loss distribution (POST /api/v1/actuarial/aggregate): frequency × severity by Panjer, FFT or
// Monte Carlo → mean, sd, VaR/TVaR at the chosen levels, stop-loss premiums and the CDF chart.
import { lazy, Suspense, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Select, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { aggregateLoss, formatAmount, parseNumbers, type AggregateRequest, type AggregateResult } from './api';

const CdfChart = lazy(() => import('./CdfChart'));

interface FormValues {
  frequency: string;
  severity: string;
  method: NonNullable<AggregateRequest['method']>;
  points: number;
  draws: number;
  levels: string;
  retentions?: string;
}

const INITIAL: FormValues = { frequency: 'poisson:10', severity: 'lognormal:7,1', method: 'fft', points: 8192, draws: 100000,
  levels: '0.95, 0.99, 0.995' };

export default function AggregatePanel() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [result, setResult] = useState<AggregateResult>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);
  const method = Form.useWatch('method', form) ?? INITIAL.method;

  const run = async (v: FormValues) => {
    const levels = parseNumbers(v.levels);
    const retentions = parseNumbers(v.retentions);
    if (!levels || !retentions) return setError(t('actuarial.numbers_invalid'));
    setRunning(true);
    setError(undefined);
    try {
      setResult(await aggregateLoss({ frequency: v.frequency.trim(), severity: v.severity.trim(), method: v.method,
        ...(v.method === 'mc' ? { draws: v.draws } : { points: v.points }), levels, retentions }));
    } catch (e) {
      setResult(undefined);
      setError(errorMessage(e, t));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Card size="small" title={t('actuarial.aggregate_title')}>
      <Form<FormValues> form={form} layout="vertical" initialValues={INITIAL} onFinish={run}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="frequency" label={t('actuarial.frequency')} extra={t('actuarial.frequency_hint')} rules={[{ required: true, message: t('actuarial.frequency') }]}>
              <Input spellCheck={false} data-testid="frequency-input" />
            </Form.Item>
            <Form.Item name="severity" label={t('actuarial.severity')} extra={t('actuarial.severity_hint')} rules={[{ required: true, message: t('actuarial.severity') }]}>
              <Input spellCheck={false} data-testid="severity-input" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="method" label={t('actuarial.aggregate_method')}>
              <Select options={(['panjer', 'fft', 'mc'] as const).map((m) => ({ value: m, label: t(`actuarial.aggregate_${m}`) }))} />
            </Form.Item>
            {method === 'mc' ? (
              <Form.Item name="draws" label={t('actuarial.draws')} extra={t('actuarial.draws_hint')}>
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            ) : (
              <Form.Item name="points" label={t('actuarial.points')} extra={t('actuarial.points_hint')}>
                <InputNumber min={2} style={{ width: '100%' }} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="levels" label={t('actuarial.levels')} extra={t('actuarial.list_hint')}>
              <Input />
            </Form.Item>
            <Form.Item name="retentions" label={t('actuarial.retentions')} extra={t('actuarial.list_hint')}>
              <Input placeholder="50000, 100000" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={running} data-testid="run-aggregate">{t('actuarial.run')}</Button>
          </Col>
        </Row>
      </Form>
      {error && <Alert type="error" showIcon message={<span data-testid="error-message">{error}</span>} style={{ marginBottom: 16 }} />}
      {result && <AggregateResultView result={result} />}
    </Card>
  );
}

function AggregateResultView({ result }: { result: AggregateResult }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col xs={24} xl={14}>
        <Suspense fallback={null}>
          <CdfChart result={result} ariaLabel={t('actuarial.cdf_chart')} cdfLabel={t('actuarial.cdf_series')} />
        </Suspense>
      </Col>
      <Col xs={24} xl={10}>
        <Descriptions size="small" column={1} bordered data-testid="aggregate-summary" items={[
          { key: 'mean', label: t('actuarial.mean'), children: formatAmount(result.mean, 2) },
          { key: 'sd', label: t('actuarial.sd'), children: formatAmount(result.sd, 2) },
        ]} />
        <Table size="small" rowKey="level" pagination={false} style={{ marginTop: 8 }} data-testid="risk-table"
          dataSource={result.levels} columns={[
            { title: t('actuarial.level'), dataIndex: 'level', render: (v: number) => `${(v * 100).toFixed(1)}%` },
            { title: 'VaR', dataIndex: 'var', align: 'right', render: (v: number | null) => (v == null ? t('actuarial.beyond_grid') : formatAmount(v, 2)) },
            { title: 'TVaR', dataIndex: 'tvar', align: 'right', render: (v: number | null) => (v == null ? t('actuarial.beyond_grid') : formatAmount(v, 2)) },
          ]} />
        {result.stop_loss.length > 0 && (
          <Table size="small" rowKey="retention" pagination={false} style={{ marginTop: 8 }} dataSource={result.stop_loss} columns={[
            { title: t('actuarial.retention'), dataIndex: 'retention', render: (v: number) => formatAmount(v) },
            { title: t('actuarial.stop_loss'), dataIndex: 'premium', align: 'right', render: (v: number) => formatAmount(v, 2) },
          ]} />
        )}
      </Col>
    </Row>
  );
}
