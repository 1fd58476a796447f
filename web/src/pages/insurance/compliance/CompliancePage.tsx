// Compulsory-cover compliance dashboard (regulator and medical officer): counts by status and each
// obligation with its 60-day proof deadline, warning and escalation dates (data/compliance/rules.json).
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Col, Row, Segmented, Statistic, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { fetchAllPages } from '../../../components/useCursorList';
import { listCompliance, type Obligation, type ObligationStatus } from './api';

const STATUSES: ObligationStatus[] = ['compliant', 'within_grace', 'overdue', 'escalated'];
const COLORS: Record<ObligationStatus, string> = { compliant: 'green', within_grace: 'blue', overdue: 'orange', escalated: 'red' };

export default function CompliancePage() {
  const { t } = useTranslation();
  const [all, setAll] = useState<Obligation[]>([]);
  const [filter, setFilter] = useState<ObligationStatus | 'all'>('all');
  const [proofDays, setProofDays] = useState<number>(60);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    setError(null);
    // Every page: the counts by status and the status filter work on all obligations.
    fetchAllPages((cursor) => listCompliance(undefined, cursor))
      .then((pages) => {
        setAll(pages.flatMap((page) => page.items));
        setProofDays(pages[0]?.proof_days ?? 60);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load]);

  if (error) return <ErrorResult error={error} onRetry={load} />;
  const shown = filter === 'all' ? all : all.filter((o) => o.status === filter);
  return (
    <PageContainer
      title={t('insurance_visit.menu.compliance')}
      extra={
        <Button href={`/api/v1/compliance.xlsx${filter === 'all' ? '' : `?status=${filter}`}`} download data-testid="compliance-export">
          {t('common.export_excel')}
        </Button>
      }
    >
      <Row gutter={12} style={{ marginBottom: 12 }}>
        {STATUSES.map((s) => (
          <Col key={s} xs={12} md={6}>
            <Card size="small">
              <Statistic title={t(`insurance_visit.compliance.status.${s}`)} value={all.filter((o) => o.status === s).length}
                data-testid={`compliance-count-${s}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Segmented style={{ marginBottom: 12 }} value={filter} onChange={(v) => setFilter(v as ObligationStatus | 'all')}
        options={[{ label: t('insurance_visit.compliance.all'), value: 'all' },
          ...STATUSES.map((s) => ({ label: t(`insurance_visit.compliance.status.${s}`), value: s }))]} />
      <Table<Obligation>
        data-testid="compliance-table"
        rowKey="id"
        size="small"
        dataSource={shown}
        pagination={{ pageSize: 20 }}
        scroll={{ x: true }}
        caption={t('insurance_visit.compliance.rule_note', { days: proofDays })}
        columns={[
          { title: t('insurance_visit.compliance.institution'), dataIndex: 'organization_name' },
          { title: t('insurance_visit.compliance.subject'),
            render: (_, o) => (o.clinician_user_id ? t('insurance_visit.compliance.clinician', { id: o.clinician_user_id })
              : t('insurance_visit.compliance.subject_institution')) },
          { title: t('insurance_visit.compliance.status_title'),
            render: (_, o) => <Tag color={COLORS[o.status]}>{t(`insurance_visit.compliance.status.${o.status}`)}</Tag> },
          { title: t('insurance_visit.compliance.obliged_since'), dataIndex: 'obliged_since' },
          { title: t('insurance_visit.compliance.deadline'), render: (_, o) => o.deadline ?? '—' },
          { title: t('insurance_visit.compliance.warned_on'), render: (_, o) => o.warned_on ?? '—' },
          { title: t('insurance_visit.compliance.escalated_on'), render: (_, o) => o.escalated_on ?? '—' },
        ]}
      />
    </PageContainer>
  );
}
