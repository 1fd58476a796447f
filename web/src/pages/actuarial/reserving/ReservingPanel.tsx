// Reserving on the platform's own claims (paid or incurred, by accident or report year), a reference
// dataset or pasted CSV: method and options in, then the triangle heat map, the development factors and
// the IBNR / ultimate / Mack s.e. table out (POST /api/v1/actuarial/reserving).
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { currentLanguage } from '../../../i18n';
import { formatAmount, listDatasets, parseNumbers, reserve, type Dataset, type ReservingRequest, type ReservingResult } from './api';

const TriangleHeatmap = lazy(() => import('./TriangleHeatmap'));

type Method = ReservingRequest['method'];
type Origin = ReservingResult['origins'][number];
type Factor = ReservingResult['development'][number];

interface FormValues {
  source: 'platform' | 'dataset' | 'csv';
  origin: 'accident' | 'report';
  dataset?: string;
  csv?: string;
  cumulative: boolean;
  basis: 'paid' | 'incurred';
  method: Method;
  average: 'volume' | 'simple' | 'regression';
  tail: number;
  sigma_rule: 'mack' | 'loglinear';
  exposures?: string;
  apriori?: string;
}

const INITIAL: FormValues = { source: 'dataset', origin: 'accident', dataset: 'raa', cumulative: true, basis: 'incurred', method: 'mack',
  average: 'volume', tail: 1, sigma_rule: 'mack' };

function toRequest(v: FormValues, exposures: number[], apriori: number[]): ReservingRequest {
  const triangle = v.source === 'platform' ? { platform: v.origin }
    : v.source === 'dataset' ? { dataset: v.dataset } : { csv: v.csv ?? '', cumulative: v.cumulative };
  const body: ReservingRequest = { triangle, basis: v.basis, method: v.method,
    options: { average: v.average, tail: v.tail, ...(v.method === 'mack' ? { sigma_rule: v.sigma_rule } : {}) } };
  if (v.method === 'bf' || v.method === 'capecod') body.exposures = exposures;
  if (v.method === 'bf') body.apriori_loss_ratios = apriori;
  return body;
}

export default function ReservingPanel() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [datasets, setDatasets] = useState<Dataset[]>([]);
  const [result, setResult] = useState<ReservingResult>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);
  const source = Form.useWatch('source', form) ?? INITIAL.source;
  const dataset = Form.useWatch('dataset', form) ?? INITIAL.dataset;
  const method = Form.useWatch('method', form) ?? INITIAL.method;
  const origin = Form.useWatch('origin', form) ?? INITIAL.origin;
  const basis = Form.useWatch('basis', form) ?? INITIAL.basis;
  const [resultOrigin, setResultOrigin] = useState<FormValues['origin']>();

  useEffect(() => {
    listDatasets().then((d) => setDatasets(d.items)).catch((e: unknown) => setError(errorMessage(e, t)));
  }, [t]);

  const run = async (v: FormValues) => {
    const exposures = parseNumbers(v.exposures);
    const apriori = parseNumbers(v.apriori);
    if (!exposures || !apriori) return setError(t('actuarial.numbers_invalid'));
    setRunning(true);
    setError(undefined);
    try {
      setResult(await reserve(toRequest(v, exposures, apriori)));
      setResultOrigin(v.source === 'platform' ? v.origin : undefined);
    } catch (e) {
      setResult(undefined);
      setError(errorMessage(e, t));
    } finally {
      setRunning(false);
    }
  };

  const zh = currentLanguage() === 'zh-CN';
  return (
    <Card size="small" title={t('actuarial.reserving_title')} style={{ marginBottom: 16 }}>
      <Form<FormValues> form={form} layout="vertical" initialValues={INITIAL} onFinish={run}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="source" label={t('actuarial.source')}>
              <Radio.Group optionType="button" options={[{ value: 'platform', label: t('actuarial.source_platform') },
                { value: 'dataset', label: t('actuarial.source_dataset') }, { value: 'csv', label: t('actuarial.source_csv') }]} />
            </Form.Item>
            {source === 'platform' ? (
              <>
                <Form.Item name="origin" label={t('actuarial.origin_kind')} extra={t('actuarial.platform_hint')}>
                  <Radio.Group data-testid="origin-kind" options={[{ value: 'accident', label: t('actuarial.origin_accident') },
                    { value: 'report', label: t('actuarial.origin_report') }]} />
                </Form.Item>
                <Button href={`/api/v1/actuarial/triangles/platform.xlsx?basis=${basis}&origin=${origin}`} download
                  size="small" style={{ marginBottom: 16 }} data-testid="platform-triangle-export">{t('actuarial.export_triangle')}</Button>
              </>
            ) : source === 'dataset' ? (
              <>
                <Form.Item name="dataset" label={t('actuarial.dataset')} rules={[{ required: true, message: t('actuarial.dataset_required') }]}>
                  <Select data-testid="dataset-select" options={datasets.map((d) => ({ value: d.name, label: zh ? d.title_zh : d.title_en }))} />
                </Form.Item>
                {dataset && (
                  <Button href={`/api/v1/actuarial/datasets/${encodeURIComponent(dataset)}/triangle.xlsx`} download
                    size="small" style={{ marginBottom: 16 }} data-testid="triangle-export">{t('actuarial.export_triangle')}</Button>
                )}
              </>
            ) : (
              <>
                <Form.Item name="csv" label={t('actuarial.csv')} extra={t('actuarial.csv_hint')} rules={[{ required: true, message: t('actuarial.csv_required') }]}>
                  <Input.TextArea rows={6} spellCheck={false} data-testid="csv-input" />
                </Form.Item>
                <Form.Item name="cumulative" label={t('actuarial.values')}>
                  <Radio.Group options={[{ value: true, label: t('actuarial.cumulative') }, { value: false, label: t('actuarial.incremental') }]} />
                </Form.Item>
              </>
            )}
            <Form.Item name="basis" label={t('actuarial.basis')}>
              <Radio.Group options={[{ value: 'paid', label: t('actuarial.paid') }, { value: 'incurred', label: t('actuarial.incurred') }]} />
            </Form.Item>
          </Col>
          <MethodFields method={method}>
            <Button type="primary" htmlType="submit" loading={running} data-testid="run-reserving">{t('actuarial.run')}</Button>
          </MethodFields>
        </Row>
      </Form>
      {error && <Alert type="error" showIcon message={<span data-testid="error-message">{error}</span>} style={{ marginBottom: 16 }} />}
      {result && <ReservingResultView result={result} origin={resultOrigin} />}
    </Card>
  );
}

/** Method, average and tail, then the fields only some methods take (σ rule; exposures; a-priori ratios). */
function MethodFields({ method, children }: { method: Method; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <Col xs={24} md={8}>
        <Form.Item name="method" label={t('actuarial.method')}>
          <Select data-testid="method-select" options={(['chainladder', 'mack', 'bf', 'capecod'] as const).map((m) => ({ value: m, label: t(`actuarial.method_${m}`) }))} />
        </Form.Item>
        <Form.Item name="average" label={t('actuarial.average')}>
          <Select options={(['volume', 'simple', 'regression'] as const).map((a) => ({ value: a, label: t(`actuarial.average_${a}`) }))} />
        </Form.Item>
        <Form.Item name="tail" label={t('actuarial.tail')}>
          <InputNumber min={0.5} max={100} step={0.01} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        {method === 'mack' && (
          <Form.Item name="sigma_rule" label={t('actuarial.sigma_rule')}>
            <Select options={[{ value: 'mack', label: t('actuarial.sigma_rule_mack') }, { value: 'loglinear', label: t('actuarial.sigma_rule_loglinear') }]} />
          </Form.Item>
        )}
        {(method === 'bf' || method === 'capecod') && (
          <Form.Item name="exposures" label={t('actuarial.exposures')} extra={t('actuarial.list_hint')} rules={[{ required: true, message: t('actuarial.exposures_required') }]}>
            <Input placeholder="40000" />
          </Form.Item>
        )}
        {method === 'bf' && (
          <Form.Item name="apriori" label={t('actuarial.apriori')} extra={t('actuarial.list_hint')} rules={[{ required: true, message: t('actuarial.apriori_required') }]}>
            <Input placeholder="0.7" />
          </Form.Item>
        )}
        {children}
      </Col>
    </>
  );
}

function ReservingResultView({ result, origin }: { result: ReservingResult; origin?: FormValues['origin'] }) {
  const { t } = useTranslation();
  const mack = result.method === 'mack';
  const factorColumns: TableColumnsType<Factor> = [
    { title: t('actuarial.lags'), key: 'lags', render: (_, f) => `${f.from_lag}→${f.to_lag}` },
    { title: t('actuarial.ldf'), dataIndex: 'ldf', render: (v: number) => formatAmount(v, 4) },
    { title: t('actuarial.cdf'), dataIndex: 'cdf_to_ultimate', render: (v: number) => formatAmount(v, 4) },
    ...(mack ? [{ title: t('actuarial.ldf_se'), dataIndex: 'ldf_se', render: (v: number) => formatAmount(v, 4) }] : []),
  ];
  const rows: (Origin & { key: string })[] = [...result.origins.map((o) => ({ ...o, key: o.origin })),
    { ...result.total, origin: t('actuarial.total'), key: 'total' }];
  const originColumns: TableColumnsType<Origin> = [
    { title: origin === 'report' ? t('actuarial.origin_report') : t('actuarial.origin'), dataIndex: 'origin' },
    { title: t('actuarial.latest'), dataIndex: 'latest', align: 'right', render: (v: number) => formatAmount(v) },
    { title: t('actuarial.ultimate'), dataIndex: 'ultimate', align: 'right', render: (v: number) => formatAmount(v) },
    { title: t('actuarial.ibnr'), dataIndex: 'ibnr', align: 'right', render: (v: number) => formatAmount(v) },
    ...(mack ? [
      { title: t('actuarial.mack_se'), dataIndex: 'mack_se', align: 'right' as const, render: (v: number) => formatAmount(v) },
      { title: t('actuarial.cv'), dataIndex: 'cv', align: 'right' as const, render: (v: number) => formatAmount(v, 3) },
    ] : []),
  ];
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Suspense fallback={null}>
          <TriangleHeatmap triangle={result.triangle} ariaLabel={t('actuarial.heatmap')} lagLabel={t('actuarial.lag')} />
        </Suspense>
        <Table<Factor> size="small" rowKey="from_lag" columns={factorColumns} dataSource={result.development} pagination={false}
          title={() => t('actuarial.factors')} data-testid="factor-table" />
      </Col>
      <Col xs={24} xl={12}>
        {result.elr != null && <Alert type="info" message={t('actuarial.elr', { elr: formatAmount(result.elr, 4) })} style={{ marginBottom: 8 }} />}
        <div className="medrisk-table-wrap">
          <Table<Origin> size="small" rowKey={(o) => (o.origin === t('actuarial.total') ? 'total' : o.origin)} columns={originColumns}
            dataSource={rows} pagination={false} title={() => t('actuarial.reserves')} data-testid="reserve-table"
            rowClassName={(o) => (o.origin === t('actuarial.total') ? 'medrisk-total-row' : '')} />
        </div>
      </Col>
    </Row>
  );
}
