// The signed-in person's own policies: the liability policies naming them (GET /policies with
// policies.read_own: a clinician's practice cover) and their per-visit cover (GET /visit-policies, a
// patient's). An explained empty state when there is none.
import { useCallback, useEffect, useState } from 'react';
import { Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, request, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { PageLoading } from '../../../components/PageLoading';
import { formatFen } from '../../../components/format';

interface Mine {
  named: Schemas['Policy'][];
  visits: Schemas['VisitPolicy'][];
}

export default function MyPoliciesPage() {
  const { t } = useTranslation();
  const { has } = useAuth();
  const [mine, setMine] = useState<Mine>();
  const [error, setError] = useState<unknown>();
  const canVisits = has('visit_policies.buy');

  const load = useCallback(() => {
    setError(undefined);
    Promise.all([
      request(api.GET('/api/v1/policies', { params: { query: { limit: 50 } } })).then((p) => p.items),
      canVisits
        ? request(api.GET('/api/v1/visit-policies', { params: { query: { limit: 50 } } })).then((p) => p.items)
        : Promise.resolve([] as Schemas['VisitPolicy'][]),
    ])
      .then(([named, visits]) => setMine({ named, visits }))
      .catch(setError);
  }, [canVisits]);
  useEffect(load, [load]);

  if (error) return <ErrorResult error={error} onRetry={load} />;
  if (!mine) return <PageLoading />;
  const empty = mine.named.length === 0 && mine.visits.length === 0;
  return (
    <PageContainer title={t('menu.my_policies')}>
      {empty ? (
        <Card>
          <Empty
            data-testid="my-policies-empty"
            description={
              <>
                <Typography.Paragraph strong>{t('patient.my_policies.empty_title')}</Typography.Paragraph>
                <Typography.Paragraph type="secondary">{t('patient.my_policies.empty_body')}</Typography.Paragraph>
              </>
            }
          />
        </Card>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {mine.named.length > 0 && (
            <Card size="small" title={t('patient.my_policies.named')}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                data-testid="my-policies-named"
                dataSource={mine.named}
                columns={[
                  { key: 'number', title: t('insurance.policy_number'), dataIndex: 'policy_number' },
                  { key: 'product', title: t('insurance.product'), render: (_, p) => t(`insurance.products.${p.product_code}`) },
                  { key: 'period', title: t('insurance.period'), render: (_, p) => `${p.period_start} ~ ${p.period_end}` },
                  { key: 'status', title: t('insurance.status'), render: (_, p) => <Tag>{t(`insurance.statuses.${p.status}`)}</Tag> },
                ]}
              />
            </Card>
          )}
          {mine.visits.length > 0 && (
            <Card size="small" title={t('patient.my_policies.visit')}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                data-testid="my-policies-visits"
                dataSource={mine.visits}
                columns={[
                  { key: 'number', title: t('insurance.policy_number'), dataIndex: 'policy_number' },
                  { key: 'date', title: t('insurance_visit.visit.visit_date'), dataIndex: 'visit_date' },
                  { key: 'department', title: t('insurance_visit.visit.department'), dataIndex: 'department' },
                  { key: 'sum', title: t('insurance_visit.visit.sum_insured'), render: (_, p) => formatFen(p.sum_insured_fen) },
                  { key: 'status', title: t('insurance.status'), render: (_, p) => <Tag>{t(`insurance_visit.visit.status.${p.status}`)}</Tag> },
                ]}
              />
            </Card>
          )}
        </Space>
      )}
    </PageContainer>
  );
}
