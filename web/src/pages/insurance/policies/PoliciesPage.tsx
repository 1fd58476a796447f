// Policies in the reader's scope (policies.read: the insured institution's officers, the pool's
// insurers, regulators): list, and a detail drawer with named clinicians, tri-party funding split,
// co-insurance shares, endorsements and the certificate verification link.
import { useEffect, useState } from 'react';
import { Button, Descriptions, Drawer, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadMore } from '../../../components/LoadMore';
import { useCursorList } from '../../../components/useCursorList';
import { getPolicy, listEndorsements, listPolicies, formatShare, type Endorsement, type Policy } from './api';
import { formatFen } from '../../../components/format';

const STATUS_COLOR: Record<string, string> = { in_force: 'green', not_yet_in_force: 'blue', expired: 'default', cancelled: 'red' };

export default function PoliciesPage() {
  const { t } = useTranslation();
  const list = useCursorList<Policy, Awaited<ReturnType<typeof listPolicies>>>(listPolicies);
  const [selected, setSelected] = useState<number>();
  if (list.error) return <ErrorResult error={list.error} onRetry={list.reload} />;
  return (
    <PageContainer
      title={t('menu.policies')}
      extra={<Button href="/api/v1/policies.xlsx" download data-testid="policies-export">{t('insurance.export')}</Button>}
    >
      <Table<Policy>
        data-testid="policy-table"
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        onRow={(p) => ({ onClick: () => setSelected(p.id) })}
        columns={[
          { title: t('insurance.policy_number'), dataIndex: 'policy_number', render: (v: string, p) => <Button type="link" onClick={() => setSelected(p.id)}>{v}</Button> },
          { title: t('insurance.product'), dataIndex: 'product_code', render: (v: string) => t(`insurance.products.${v}`, { defaultValue: v }) },
          { title: t('insurance.insured_org'), dataIndex: 'insured_org_id' },
          { title: t('insurance.period'), render: (_, p) => `${p.period_start} ~ ${p.period_end}` },
          { title: t('insurance.premium'), dataIndex: 'premium_fen', align: 'right', render: (v: number) => formatFen(v) },
          { title: t('insurance.status'), dataIndex: 'status', render: (v: string) => <Tag color={STATUS_COLOR[v]}>{t(`insurance.statuses.${v}`)}</Tag> },
        ]}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} testId="policies-more" />
      <PolicyDrawer id={selected} onClose={() => setSelected(undefined)} />
    </PageContainer>
  );
}

function PolicyDrawer({ id, onClose }: { id?: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [policy, setPolicy] = useState<Policy>();
  const [endorsements, setEndorsements] = useState<Endorsement[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setPolicy(undefined);
    setError(undefined);
    if (id == null) return;
    Promise.all([getPolicy(id), listEndorsements(id)])
      .then(([p, e]) => { setPolicy(p); setEndorsements(e.items); })
      .catch(setError);
  }, [id]);
  return (
    <Drawer open={id != null} onClose={onClose} width={720} title={policy?.policy_number ?? t('insurance.policy')} data-testid="policy-drawer">
      {error ? <ErrorResult error={error} /> : null}
      {policy ? <PolicyDetail policy={policy} endorsements={endorsements} /> : null}
    </Drawer>
  );
}

function PolicyDetail({ policy, endorsements }: { policy: Policy; endorsements: Endorsement[] }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('insurance.product')}>{t(`insurance.products.${policy.product_code}`, { defaultValue: policy.product_code })}</Descriptions.Item>
        <Descriptions.Item label={t('insurance.trigger')}>{t(`insurance.triggers.${policy.trigger}`)}</Descriptions.Item>
        <Descriptions.Item label={t('insurance.period')}>{`${policy.period_start} ~ ${policy.period_end}`}</Descriptions.Item>
        <Descriptions.Item label={t('insurance.retroactive_date')}>{policy.retroactive_date ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('insurance.per_incident_limit')}>{formatFen(policy.per_incident_limit_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('insurance.aggregate_limit')}>{formatFen(policy.aggregate_limit_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('insurance.deductible')}>{formatFen(policy.deductible_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('insurance.premium')}>{formatFen(policy.premium_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('insurance.certificate')} span={2}>
          <Space wrap>
            <Typography.Link href={`/certificates/${policy.certificate_code}`} target="_blank" data-testid="certificate-link">
              {t('insurance.verify_certificate')}
            </Typography.Link>
            <Button size="small" href={`/api/v1/policies/${policy.id}/document.pdf`} download data-testid="policy-pdf">
              {t('insurance.policy_pdf')}
            </Button>
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('insurance.funding_split')}</Typography.Title>
      <Table size="small" rowKey="payer" pagination={false} data-testid="funding-table" dataSource={policy.funding_split}
        columns={[
          { title: t('insurance.payer'), dataIndex: 'payer', render: (v: string) => t(`insurance.payers.${v}`) },
          { title: t('insurance.share'), dataIndex: 'share_bp', align: 'right', render: formatShare },
          { title: t('insurance.amount'), dataIndex: 'amount_fen', align: 'right', render: (v: number) => formatFen(v) },
        ]} />
      <Typography.Title level={5}>{t('insurance.coinsurance_pool')}</Typography.Title>
      <Table size="small" rowKey="insurer_org_id" pagination={false} data-testid="pool-table" dataSource={policy.coinsurance_pool}
        columns={[
          { title: t('insurance.insurer'), dataIndex: 'insurer_org_id' },
          { title: t('insurance.role'), dataIndex: 'role', render: (v: string) => t(`insurance.roles.${v}`) },
          { title: t('insurance.share'), dataIndex: 'share_bp', align: 'right', render: formatShare },
          { title: t('insurance.premium'), dataIndex: 'premium_fen', align: 'right', render: (v: number) => formatFen(v) },
        ]} />
      {policy.refund_split ? (
        <>
          <Typography.Title level={5}>{t('insurance.refund', { amount: formatFen(policy.refund_fen) })}</Typography.Title>
          <Table size="small" rowKey="payer" pagination={false} data-testid="refund-table" dataSource={policy.refund_split.funding}
            columns={[
              { title: t('insurance.payer'), dataIndex: 'payer', render: (v: string) => t(`insurance.payers.${v}`) },
              { title: t('insurance.amount'), dataIndex: 'amount_fen', align: 'right', render: (v: number) => formatFen(v) },
            ]} />
        </>
      ) : null}
      <Typography.Title level={5}>{t('insurance.clinicians')}</Typography.Title>
      <Table size="small" rowKey="user_id" pagination={false} dataSource={policy.clinicians}
        columns={[
          { title: t('insurance.user_id'), dataIndex: 'user_id' },
          { title: t('insurance.risk_class'), dataIndex: 'department_risk_class' },
          { title: t('insurance.title'), dataIndex: 'title', render: (v: string) => t(`insurance.titles.${v}`, { defaultValue: v }) },
          { title: t('insurance.added_on'), dataIndex: 'added_on' },
          { title: t('insurance.removed_on'), dataIndex: 'removed_on', render: (v: string | null) => v ?? '—' },
        ]} />
      <Typography.Title level={5}>{t('insurance.endorsements')}</Typography.Title>
      <Table size="small" rowKey="id" pagination={false} dataSource={endorsements}
        columns={[
          { title: t('insurance.kind'), dataIndex: 'kind', render: (v: string) => t(`insurance.endorsement_kinds.${v}`) },
          { title: t('insurance.effective_date'), dataIndex: 'effective_date' },
          { title: t('insurance.days'), render: (_, e) => `${e.days_charged} / ${e.period_days}` },
          { title: t('insurance.premium_delta'), dataIndex: 'premium_delta_fen', align: 'right', render: (v: number) => formatFen(v) },
        ]} />
    </Space>
  );
}
