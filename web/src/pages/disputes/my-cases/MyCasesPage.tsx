// A patient's own complaints and dispute cases (cases.read_own), with their deadlines and a link to
// file a new complaint; laid out as a single column of cards for phone screens.
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { fetchAll } from '../../../components/useCursorList';
import { MyClaimsCard } from '../../claims/my-claims/MyClaimsCard';
import { listCases, listComplaints, type Complaint, type DisputeCase } from '../api';

export default function MyCasesPage() {
  const { t } = useTranslation();
  const [complaints, setComplaints] = useState<Complaint[]>([]);
  const [cases, setCases] = useState<DisputeCase[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    setError(null);
    // A patient's own lists are short: read every page rather than stop at the first.
    Promise.all([fetchAll((cursor) => listComplaints(undefined, cursor)), fetchAll((cursor) => listCases(undefined, undefined, cursor))])
      .then(([c, k]) => {
        setComplaints(c);
        setCases(k);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load]);

  if (error) return <ErrorResult error={error} onRetry={load} />;
  return (
    <PageContainer
      title={t('menu.my_cases')}
      extra={
        <Link to="/disputes/complaints/new">
          <Button type="primary" data-testid="new-complaint">{t('disputes.complaint.new')}</Button>
        </Link>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Card size="small" title={t('disputes.my.cases')}>
          {cases.length === 0 ? (
            <Empty data-testid="my-cases-empty" description={t('patient.my_cases.empty_title')} />
          ) : (
            <List
              data-testid="my-cases-list"
              dataSource={cases}
              renderItem={(c) => (
                <List.Item>
                  <Link to={`/disputes/cases/${c.id}`} data-testid={`case-link-${c.id}`}>
                    #{c.id} {c.department} · <Tag>{t(`disputes.state.${c.state}`)}</Tag>
                  </Link>
                  {c.missing_materials.length > 0 && (
                    <Typography.Text type="warning">{t('disputes.missing_count', { count: c.missing_materials.length })}</Typography.Text>
                  )}
                </List.Item>
              )}
            />
          )}
        </Card>
        <MyClaimsCard />
        <Card size="small" title={t('disputes.my.complaints')}>
          <List
            data-testid="my-complaints-list"
            dataSource={complaints}
            locale={{ emptyText: t('disputes.my.no_complaints') }}
            renderItem={(c) => (
              <List.Item>
                <span>
                  #{c.id} {t(`disputes.category.${c.category}`)} · {c.department}
                </span>
                <Space>
                  <Tag>{t(`disputes.complaint_state.${c.state}`)}</Tag>
                  <Typography.Text type={c.overdue ? 'danger' : 'secondary'}>
                    {t('disputes.complaint.response_due', { date: c.response_due })}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      </Space>
    </PageContainer>
  );
}
