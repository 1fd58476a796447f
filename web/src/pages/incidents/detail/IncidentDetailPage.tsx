// One incident: its facts and reporting deadline, and for the institution's medical officers the review
// workflow — the next step, the report to the health authority, the root-cause analysis (fishbone or
// five whys), corrective actions, the thread with the (possibly anonymous) reporter and the case link.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { formatDateTime } from '../../../components/format';
import { currentLanguage } from '../../../i18n';
import { getIncident, incidentParameters, moveIncident, nameOf, type Incident, type IncidentParameters } from '../api';
import { ClassTag, StateTag } from '../IncidentTags';
import { ActionsCard, AuthorityCard, LinkCard, RcaCard, ThreadCard } from './sections';

const NEXT_MOVE: Record<string, 'start_review' | 'start_rca' | 'plan_actions' | 'close' | undefined> = {
  reported: 'start_review',
  under_review: 'start_rca',
  root_cause_analysis: 'plan_actions',
  actions: 'close',
};

export default function IncidentDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const [incident, setIncident] = useState<Incident | null>(null);
  const [params, setParams] = useState<IncidentParameters | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    setError(null);
    Promise.all([getIncident(id), incidentParameters()]).then(([i, p]) => {
      setIncident(i);
      setParams(p);
    }, setError);
  }, [id]);
  useEffect(load, [load]);
  if (error) return <ErrorResult error={error} onRetry={load} />;
  if (!incident || !params) return null;
  const i = incident;
  const language = currentLanguage();
  const next = NEXT_MOVE[i.state];
  const move = async () => {
    if (!next) return;
    try {
      setIncident(await moveIncident(i.id, next));
      message.success(t('incidents.moved'));
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };
  return (
    <PageContainer
      title={i.number}
      extra={i.can_review && next ? (
        <Button type="primary" onClick={() => void move()} data-testid={`incident-move-${next}`}>{t(`incidents.move.${next}`)}</Button>
      ) : undefined}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('incidents.state_label')}><StateTag value={i.state} testId="incident-state" /></Descriptions.Item>
            <Descriptions.Item label={t('incidents.severity_class')}><ClassTag value={i.severity_class} /></Descriptions.Item>
            <Descriptions.Item label={t('incidents.category')}>{nameOf(params.categories, i.category, language)}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.harm_degree')}>{nameOf(params.harm_degrees, i.harm_degree, language)}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.department')}>{i.department}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.place')}>{i.place}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.occurred_at')}>{formatDateTime(i.occurred_at)}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.discovered_at')}>{formatDateTime(i.discovered_at)}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.report_due_at')}>
              <Space size={4}>
                <Typography.Text type={i.overdue ? 'danger' : undefined}>{formatDateTime(i.report_due_at)}</Typography.Text>
                {i.overdue && <Tag color="red" data-testid="incident-overdue">{t('incidents.overdue')}</Tag>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('incidents.reporter')}>
              {i.anonymous ? <Tag data-testid="incident-anonymous-tag">{t('incidents.anonymous_reporter')}</Tag> : (i.reporter_name ?? '—')}
            </Descriptions.Item>
            <Descriptions.Item label={t('incidents.institution')}>{i.organization_name}</Descriptions.Item>
            {i.case_id != null && (
              <Descriptions.Item label={t('incidents.linked_case')}>
                <Link to={`/disputes/cases/${i.case_id}`} data-testid="incident-case-link">#{i.case_id}</Link>
              </Descriptions.Item>
            )}
            {i.complaint_id != null && (
              <Descriptions.Item label={t('incidents.linked_complaint')}>#{i.complaint_id}</Descriptions.Item>
            )}
            {i.insurer_notified_at && (
              <Descriptions.Item label={t('incidents.insurer_notified')}>{formatDateTime(i.insurer_notified_at)}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('incidents.description')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="incident-description-text">
                {i.description}
              </Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <AuthorityCard incident={i} onChanged={setIncident} />
        <RcaCard incident={i} params={params} onChanged={setIncident} />
        <ActionsCard incident={i} onChanged={setIncident} />
        <ThreadCard incident={i} onChanged={setIncident} />
        <LinkCard incident={i} onChanged={setIncident} />
      </Space>
    </PageContainer>
  );
}
