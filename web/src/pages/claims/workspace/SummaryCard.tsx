// The claim workspace's summary: policy and case, the cover (limits, deductible, aggregate consumed and
// remaining), the money (reserve, paid, in flight, incurred) and the split between co-insurers.
import { Button, Card, Descriptions, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatBp } from '../../compensation/calculator/api';
import type { Claim, ClaimShare } from '../api';
import { ClaimStateTag } from '../ClaimStateTag';
import { formatFen } from '../../../components/format';

export function SummaryCard({ claim: c }: { claim: Claim }) {
  const { t } = useTranslation();
  const item = (key: string, children: React.ReactNode) => ({ key, label: t(`claims.field.${key}`), children });
  return (
    <Card size="small" data-testid="claim-summary">
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={[
        item('state', <ClaimStateTag state={c.state} />),
        item('source', t(`claims.source.${c.source}`)),
        item('policy', <span data-testid="claim-policy">{c.policy_number} · {t(`insurance.products.${c.product_code}`, { defaultValue: c.product_code })}</span>),
        item('case', c.case_id ? <Link to={`/disputes/cases/${c.case_id}`} data-testid="claim-case-link">#{c.case_id}</Link> : '—'),
        item('incident_date', c.incident_date),
        item('notice_date', c.notice_date),
        item('materials_complete_on', c.materials_complete_on ?? '—'),
        item('agreed_amount', formatFen(c.agreed_amount_fen)),
        item('payable', <span data-testid="claim-payable">{formatFen(c.payable_fen)}</span>),
        item('payee', t(`claims.payee.${c.payee}`)),
      ]} />
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 8 }} items={[
        item('per_incident_limit', formatFen(c.per_incident_limit_fen)),
        item('deductible', formatFen(c.deductible_fen)),
        item('aggregate_limit', formatFen(c.aggregate_limit_fen)),
        item('aggregate_consumed', <span data-testid="claim-aggregate-consumed">{formatFen(c.aggregate_consumed_fen)}</span>),
        item('remaining_limit', formatFen(c.remaining_limit_fen)),
        item('outstanding', <span data-testid="claim-outstanding">{formatFen(c.outstanding_fen)}</span>),
        item('paid', <span data-testid="claim-paid">{formatFen(c.paid_fen)}</span>),
        item('in_flight', formatFen(c.in_flight_fen)),
        item('incurred', <span data-testid="claim-incurred">{formatFen(c.incurred_fen)}</span>),
      ]} />
      <ClaimDocuments claim={c} />
      <div className="medrisk-table-wrap" style={{ marginTop: 8 }}>
        <Table<ClaimShare>
          rowKey="insurer_org_id"
          size="small"
          pagination={false}
          dataSource={c.shares}
          data-testid="claim-shares"
          columns={[
            { title: t('claims.share.insurer'), dataIndex: 'insurer_name' },
            { title: t('claims.share.role'), dataIndex: 'role', render: (r: string) => t(`claims.share.roles.${r}`, { defaultValue: r }) },
            { title: t('claims.share.share'), dataIndex: 'share_bp', align: 'right', render: formatBp },
            { title: t('claims.field.payable'), dataIndex: 'payable_fen', align: 'right', render: formatFen },
            { title: t('claims.field.paid'), dataIndex: 'paid_fen', align: 'right', render: formatFen },
          ]}
        />
      </div>
    </Card>
  );
}

// The claim's notices as PDFs: the refusal notice of a denied claim (保险法 art. 24), the settlement and
// payment notice once the payable is fixed.
function ClaimDocuments({ claim: c }: { claim: Claim }) {
  const { t } = useTranslation();
  const denied = c.state === 'denied';
  const settled = c.state === 'approved' || c.state === 'paid';
  if (!denied && !settled) return null;
  return (
    <Space wrap style={{ marginTop: 8 }}>
      {denied && (
        <Button href={`/api/v1/claims/${c.id}/refusal-notice/document.pdf`} download data-testid="claim-refusal-notice-pdf">
          {t('claims.documents.refusal_notice')}
        </Button>
      )}
      {settled && (
        <Button href={`/api/v1/claims/${c.id}/settlement-notice/document.pdf`} download data-testid="claim-settlement-notice-pdf">
          {t('claims.documents.settlement_notice')}
        </Button>
      )}
    </Space>
  );
}
