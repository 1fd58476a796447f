// The per-visit micro-policies (就诊一元保险) issued at registration: a patient sees their own (matched by
// the phone they registered with), an officer the institution's. A single column of cards for phones.
import { Card, Descriptions, Empty, List, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../../components/ErrorResult';
import { formatFen } from '../../../components/format';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { useCursorList } from '../../../components/useCursorList';
import { FileVisitClaimButton } from '../../claims/my-claims/FileVisitClaimButton';
import { listVisitPolicies, type VisitPolicy } from './api';

export default function VisitPoliciesPage() {
  const { t } = useTranslation();
  const list = useCursorList<VisitPolicy, Awaited<ReturnType<typeof listVisitPolicies>>>(listVisitPolicies);
  const items = list.items;

  if (list.error) return <ErrorResult error={list.error} onRetry={list.reload} />;
  return (
    <PageContainer title={t('insurance_visit.menu.visit_policies')}>
      {items.length === 0 ? (
        <Empty data-testid="visit-policies-empty" description={t('insurance_visit.visit.empty')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <List
            data-testid="visit-policies-list"
            dataSource={items}
            renderItem={(p) => (
              <List.Item>
                <Card size="small" style={{ width: '100%' }} title={p.policy_number}
                  extra={<Tag color={p.status === 'active' ? 'green' : 'default'}>{t(`insurance_visit.visit.status.${p.status}`)}</Tag>}>
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label={t('insurance_visit.visit.visit_date')}>{p.visit_date}</Descriptions.Item>
                    <Descriptions.Item label={t('insurance_visit.visit.department')}>{p.department}</Descriptions.Item>
                    <Descriptions.Item label={t('insurance_visit.visit.cover')}>{p.cover_start} – {p.cover_end}</Descriptions.Item>
                    <Descriptions.Item label={t('insurance_visit.visit.premium')}>{formatFen(p.premium_fen)}</Descriptions.Item>
                    <Descriptions.Item label={t('insurance_visit.visit.sum_insured')}>{formatFen(p.sum_insured_fen)}</Descriptions.Item>
                    <Descriptions.Item label={t('insurance_visit.visit.patient')}>{p.patient_masked}</Descriptions.Item>
                  </Descriptions>
                  {p.status === 'active' && <FileVisitClaimButton policyNumber={p.policy_number} coverStart={p.cover_start} coverEnd={p.cover_end} />}
                </Card>
              </List.Item>
            )}
          />
          <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
        </Space>
      )}
    </PageContainer>
  );
}
