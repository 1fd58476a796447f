// The calculator's input form: region and standard year from the parameters, the outcome and the
// claimed items (amounts in yuan), dependants, the causation degree and the insurance covers.
import { Button, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, type FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { type CompensationInput, type Parameters } from './api';
import { yuanToFen } from '../../../lib/money';

type Outcome = CompensationInput['outcome'];
type DependantKind = NonNullable<CompensationInput['dependants']>[number]['kind'];

export interface FormValues {
  province: string;
  area: string;
  standard_year: number;
  outcome: Outcome;
  victim_age: number;
  grades?: string;
  medical_costs?: number;
  lost_days?: number;
  lost_rate?: number;
  nursing_days?: number;
  nursing_carers?: number;
  nursing_rate?: number;
  transport_costs?: number;
  lodging_days?: number;
  lodging_rate?: number;
  hospital_days?: number;
  nutrition_days?: number;
  nutrition_rate?: number;
  disability_aids?: number;
  mental_distress?: number;
  dependants?: Array<{ kind: DependantKind; age: number; supporters?: number }>;
  fault: boolean;
  degree?: string;
  share_percent?: number;
  with_insurance: boolean;
  liability_deductible?: number;
  liability_limit?: number;
  liability_aggregate?: number;
  accident_deductible?: number;
  accident_limit?: number;
  accident_aggregate?: number;
  coinsurers?: Array<{ name: string; share_percent: number }>;
}

export const INITIAL: FormValues = {
  province: 'guangdong', area: 'general', standard_year: 2022, outcome: 'injury', victim_age: 40, fault: true,
  degree: 'main', with_insurance: false, liability_deductible: 0, liability_limit: 1500000, accident_deductible: 0,
  accident_limit: 300000,
};

function dayRate(days?: number, rateYuan?: number) {
  return days != null && rateYuan != null ? { days, daily_rate_fen: yuanToFen(rateYuan) ?? 0 } : undefined;
}

function cover(deductible?: number, limit?: number, aggregate?: number) {
  if (limit == null) return undefined;
  return { deductible_fen: yuanToFen(deductible) ?? 0, per_incident_limit_fen: yuanToFen(limit) ?? 0,
    ...(aggregate != null ? { remaining_aggregate_fen: yuanToFen(aggregate) } : {}) };
}

/** The form's values → the API's input (money in fen, shares in basis points). */
export function toInput(v: FormValues): CompensationInput {
  const grades = (v.grades ?? '').split(/[,，\s]+/).filter(Boolean).map(Number);
  const input: CompensationInput = {
    province: v.province, area: v.area, standard_year: v.standard_year, outcome: v.outcome, victim_age: v.victim_age,
    disability_grades: v.outcome === 'disability' ? grades : [],
    medical_costs_fen: yuanToFen(v.medical_costs), transport_costs_fen: yuanToFen(v.transport_costs),
    disability_aids_fen: yuanToFen(v.disability_aids), mental_distress_fen: yuanToFen(v.mental_distress),
    lost_income: dayRate(v.lost_days, v.lost_rate), lodging: dayRate(v.lodging_days, v.lodging_rate),
    nutrition: dayRate(v.nutrition_days, v.nutrition_rate), hospital_days: v.hospital_days ?? undefined,
    nursing: v.nursing_days != null && v.nursing_rate != null
      ? { days: v.nursing_days, carers: v.nursing_carers ?? 1, daily_rate_fen: yuanToFen(v.nursing_rate) ?? 0 } : undefined,
    dependants: v.outcome === 'injury' ? [] : (v.dependants ?? []).map((d) => ({ kind: d.kind, age: d.age, supporters: d.supporters ?? 1 })),
    causation: v.fault
      ? { fault: true, degree: v.degree as NonNullable<CompensationInput['causation']['degree']>,
          ...(v.share_percent != null ? { share_bp: Math.round(v.share_percent * 100) } : {}) }
      : { fault: false },
  };
  if (v.with_insurance) {
    input.insurance = {
      liability: cover(v.liability_deductible, v.liability_limit, v.liability_aggregate),
      accident: cover(v.accident_deductible, v.accident_limit, v.accident_aggregate),
      coinsurers: (v.coinsurers ?? []).map((c) => ({ name: c.name, share_bp: Math.round(c.share_percent * 100) })),
    };
  }
  return JSON.parse(JSON.stringify(input)) as CompensationInput;  // drops the undefined fields
}

const yuanInput = (testId: string) => <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid={testId} />;
const intInput = (testId: string, min = 0) => <InputNumber min={min} precision={0} style={{ width: '100%' }} data-testid={testId} />;

interface Props {
  form: FormInstance<FormValues>;
  parameters: Parameters | undefined;
  initialValues: FormValues;
  onFinish: (values: FormValues) => void;
}

export function CalculatorForm({ form, parameters, initialValues, onFinish }: Props) {
  const { t } = useTranslation();
  const zh = currentLanguage() === 'zh-CN';
  const province = Form.useWatch('province', form) ?? initialValues.province;
  const outcome = Form.useWatch('outcome', form) ?? initialValues.outcome;
  const fault = Form.useWatch('fault', form) ?? initialValues.fault;
  const withInsurance = Form.useWatch('with_insurance', form) ?? initialValues.with_insurance;
  const region = parameters?.regions.find((r) => r.province === province);

  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish} size="small">
      <Row gutter={8}>
        <Col span={8}>
          <Form.Item name="province" label={t('compensation.province')}>
            <Select options={(parameters?.regions ?? [{ province: 'guangdong' }]).map((r) => ({ value: r.province, label: t(`compensation.provinces.${r.province}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="area" label={t('compensation.area')}>
            <Select data-testid="area-select" options={(region?.areas ?? []).map((a) => ({ value: a.id, label: zh ? a.zh : a.en }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="standard_year" label={t('compensation.standard_year')}>
            <Select data-testid="year-select" options={(region?.standards ?? []).map((s) => ({ value: s.standard_year,
              label: `${s.standard_year}${s.verified ? '' : ' *'}` }))} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={8}>
        <Col span={16}>
          <Form.Item name="outcome" label={t('compensation.outcome')}>
            <Radio.Group data-testid="outcome" options={(['injury', 'disability', 'death'] as const).map((o) => ({ value: o, label: t(`compensation.outcomes.${o}`) }))} optionType="button" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="victim_age" label={t('compensation.victim_age')} rules={[{ required: true, message: t('compensation.victim_age') }]}>
            {intInput('victim-age')}
          </Form.Item>
        </Col>
      </Row>
      {outcome === 'disability' && (
        <Form.Item name="grades" label={t('compensation.grades')} extra={t('compensation.grades_hint')}>
          <Input data-testid="grades" placeholder="5, 8" />
        </Form.Item>
      )}
      <CostFields />
      {outcome !== 'injury' && <Dependants />}
      <CausationFields parameters={parameters} fault={fault} />
      <Form.Item name="with_insurance" label={t('compensation.insurance')} valuePropName="checked">
        <Switch data-testid="with-insurance" />
      </Form.Item>
      {withInsurance && <Insurance />}
    </Form>
  );
}

function CostFields() {
  const { t } = useTranslation();
  return (
    <>
    <Divider plain orientation="left">{t('compensation.costs')}</Divider>
    <Row gutter={8}>
      <Col span={8}><Form.Item name="medical_costs" label={t('compensation.items.medical_costs')}>{yuanInput('medical-costs')}</Form.Item></Col>
      <Col span={8}><Form.Item name="transport_costs" label={t('compensation.items.transport_costs')}>{yuanInput('transport-costs')}</Form.Item></Col>
      <Col span={8}><Form.Item name="hospital_days" label={t('compensation.hospital_days')}>{intInput('hospital-days')}</Form.Item></Col>
    </Row>
    <Row gutter={8}>
      <Col span={6}><Form.Item name="lost_days" label={t('compensation.lost_days')}>{intInput('lost-days')}</Form.Item></Col>
      <Col span={6}><Form.Item name="lost_rate" label={t('compensation.rate_per_day')}>{yuanInput('lost-rate')}</Form.Item></Col>
      <Col span={6}><Form.Item name="nutrition_days" label={t('compensation.nutrition_days')}>{intInput('nutrition-days')}</Form.Item></Col>
      <Col span={6}><Form.Item name="nutrition_rate" label={t('compensation.rate_per_day')}>{yuanInput('nutrition-rate')}</Form.Item></Col>
    </Row>
    <Row gutter={8}>
      <Col span={6}><Form.Item name="nursing_days" label={t('compensation.nursing_days')}>{intInput('nursing-days')}</Form.Item></Col>
      <Col span={6}><Form.Item name="nursing_carers" label={t('compensation.carers')}>{intInput('nursing-carers', 1)}</Form.Item></Col>
      <Col span={6}><Form.Item name="nursing_rate" label={t('compensation.rate_per_day')}>{yuanInput('nursing-rate')}</Form.Item></Col>
      <Col span={6}><Form.Item name="lodging_days" label={t('compensation.lodging_days')}>{intInput('lodging-days')}</Form.Item></Col>
    </Row>
    <Row gutter={8}>
      <Col span={6}><Form.Item name="lodging_rate" label={t('compensation.rate_per_day')}>{yuanInput('lodging-rate')}</Form.Item></Col>
      <Col span={9}><Form.Item name="disability_aids" label={t('compensation.items.disability_aids')}>{yuanInput('disability-aids')}</Form.Item></Col>
      <Col span={9}><Form.Item name="mental_distress" label={t('compensation.items.mental_distress')} extra={t('compensation.mental_hint')}>{yuanInput('mental-distress')}</Form.Item></Col>
    </Row>
    </>
  );
}

function CausationFields({ parameters, fault }: { parameters: Parameters | undefined; fault: boolean }) {
  const { t } = useTranslation();
  const zh = currentLanguage() === 'zh-CN';
  return (
    <>
    <Divider plain orientation="left">{t('compensation.causation')}</Divider>
    <Row gutter={8}>
      <Col span={6}><Form.Item name="fault" label={t('compensation.fault')} valuePropName="checked"><Switch data-testid="fault" /></Form.Item></Col>
      {fault && (
        <>
          <Col span={10}>
            <Form.Item name="degree" label={t('compensation.degree')}>
              <Select data-testid="degree" options={(parameters?.causation_degrees ?? []).map((d) => ({ value: d.id,
                label: `${zh ? d.zh : d.en} (${d.min_bp / 100}–${d.max_bp / 100}%)` }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="share_percent" label={t('compensation.share_percent')} extra={t('compensation.share_hint')}>
              <InputNumber min={0} max={100} precision={2} style={{ width: '100%' }} data-testid="share-percent" />
            </Form.Item>
          </Col>
        </>
      )}
    </Row>
    </>
  );
}

function Dependants() {
  const { t } = useTranslation();
  return (
    <>
      <Divider plain orientation="left">{t('compensation.dependants')}</Divider>
      <Form.List name="dependants">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} align="baseline" wrap>
                <Form.Item name={[field.name, 'kind']} initialValue="minor">
                  <Select style={{ width: 140 }} data-testid={`dependant-kind-${i}`} options={(['minor', 'unable_to_work'] as const).map((k) => ({ value: k, label: t(`compensation.dependant_kinds.${k}`) }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'age']} rules={[{ required: true, message: t('compensation.age') }]}>
                  <InputNumber min={0} precision={0} placeholder={t('compensation.age')} data-testid={`dependant-age-${i}`} />
                </Form.Item>
                <Form.Item name={[field.name, 'supporters']} initialValue={1}>
                  <InputNumber min={1} precision={0} addonAfter={t('compensation.supporters')} style={{ width: 160 }} data-testid={`dependant-supporters-${i}`} />
                </Form.Item>
                <MinusCircleOutlined aria-label={t('compensation.remove')} onClick={() => remove(field.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} data-testid="add-dependant">{t('compensation.add_dependant')}</Button>
          </>
        )}
      </Form.List>
    </>
  );
}

function Insurance() {
  const { t } = useTranslation();
  return (
    <>
      {(['liability', 'accident'] as const).map((kind) => (
        <Row gutter={8} key={kind}>
          <Col span={6}><div style={{ paddingTop: 4 }}>{t(`compensation.covers.${kind}`)}</div></Col>
          <Col span={6}><Form.Item name={`${kind}_deductible`} label={t('compensation.deductible')}>{yuanInput(`${kind}-deductible`)}</Form.Item></Col>
          <Col span={6}><Form.Item name={`${kind}_limit`} label={t('compensation.per_incident_limit')}>{yuanInput(`${kind}-limit`)}</Form.Item></Col>
          <Col span={6}><Form.Item name={`${kind}_aggregate`} label={t('compensation.remaining_aggregate')}>{yuanInput(`${kind}-aggregate`)}</Form.Item></Col>
        </Row>
      ))}
      <Form.List name="coinsurers">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} align="baseline">
                <Form.Item name={[field.name, 'name']} rules={[{ required: true, message: t('compensation.coinsurer') }]}>
                  <Input placeholder={t('compensation.coinsurer')} data-testid={`coinsurer-name-${i}`} />
                </Form.Item>
                <Form.Item name={[field.name, 'share_percent']} rules={[{ required: true, message: t('compensation.share_percent') }]}>
                  <InputNumber min={0} max={100} precision={2} addonAfter="%" data-testid={`coinsurer-share-${i}`} />
                </Form.Item>
                <MinusCircleOutlined aria-label={t('compensation.remove')} onClick={() => remove(field.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} data-testid="add-coinsurer">{t('compensation.add_coinsurer')}</Button>
          </>
        )}
      </Form.List>
    </>
  );
}
