// The itemized result: every damages line with its formula and amount, the gross total, the causation
// share and what the provider owes, then the insurance lines and the co-insurers' split.
import { Alert, Card, Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatBp, type Calculation, type CalculationLine } from './api';
import { formatFen } from '../../../components/format';

function LineTable({ lines, testId }: { lines: CalculationLine[]; testId: string }) {
  const { t, i18n } = useTranslation();
  const zh = currentLanguage() === 'zh-CN';
  return (
    <Table<CalculationLine & { key: number }> size="small" pagination={false} data-testid={testId}
      dataSource={lines.map((l, key) => ({ ...l, key }))} columns={[
        { title: t('compensation.item'), dataIndex: 'item', width: 150,
          render: (item: string) => (i18n.exists(`compensation.items.${item}`) ? t(`compensation.items.${item}`) : item) },
        { title: t('compensation.formula'), dataIndex: zh ? 'formula_zh' : 'formula_en',
          render: (f: string) => <Typography.Text style={{ fontSize: 12 }}>{f}</Typography.Text> },
        { title: t('compensation.amount'), dataIndex: 'amount_fen', align: 'right', width: 150,
          render: (fen: number) => <span data-testid="line-amount">{formatFen(fen)}</span> },
      ]} />
  );
}

export function ResultView({ result }: { result: Calculation }) {
  const { t } = useTranslation();
  const zh = currentLanguage() === 'zh-CN';
  const ins = result.insurance;
  return (
    <Card size="small" title={t('compensation.result_title')} data-testid="compensation-result"
      extra={result.parameters_verified ? null : <Tag color="orange" data-testid="unverified">{t('compensation.unverified')}</Tag>}>
      <LineTable lines={result.lines} testId="result-lines" />
      <Descriptions size="small" column={1} bordered style={{ marginTop: 8 }} items={[
        { key: 'gross', label: t('compensation.gross'), children: <strong data-testid="gross">{formatFen(result.gross_fen)}</strong> },
        { key: 'coefficient', label: t('compensation.coefficient'), children: formatBp(result.disability_coefficient_bp) },
        { key: 'share', label: t('compensation.causation_share'), children: formatBp(result.causation_share_bp) },
        { key: 'causation', label: t('compensation.causation_formula'), children: zh ? result.causation.formula_zh : result.causation.formula_en },
        { key: 'liable', label: t('compensation.liable'), children: <strong data-testid="liable">{formatFen(result.liable_fen)}</strong> },
      ]} />
      {ins && (
        <div style={{ marginTop: 12 }} data-testid="insurance-result">
          <Typography.Title level={5}>{t(`compensation.covers.${ins.cover}`)}</Typography.Title>
          {ins.cover === 'none' ? (
            <Alert type="warning" showIcon message={t('compensation.no_cover')} />
          ) : (
            <>
              <LineTable lines={ins.lines} testId="insurance-lines" />
              <Descriptions size="small" column={2} bordered style={{ marginTop: 8 }} items={[
                { key: 'payable', label: t('compensation.insurer_payable'), children: <strong data-testid="insurer-payable">{formatFen(ins.payable_fen)}</strong> },
                { key: 'uncovered', label: t('compensation.uncovered'), children: formatFen(ins.uncovered_fen) },
                { key: 'limited', label: t('compensation.limited_by'), children: ins.limited_by ? t(`compensation.items.${ins.limited_by}`) : '—' },
              ]} />
            </>
          )}
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }} data-testid="parameter-version">
        {t('compensation.parameter_version')}: {result.parameter_version}
      </Typography.Paragraph>
    </Card>
  );
}
