// On a dispute case's page: the incidents linked to it (asked of the incidents API, which owns the links)
// and the one-click "报告医疗安全事件" that opens the incident form pre-filled and linked to the case.
import { useEffect, useState } from 'react';
import { Button, Card, List, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { listIncidents, type IncidentListItem } from './api';
import { ClassTag, StateTag } from './IncidentTags';

export function LinkedIncidents({ caseId, department }: { caseId: number; department: string }) {
  const { t } = useTranslation();
  const { has } = useAuth();
  const allowed = has('incidents.report') || has('incidents.read');
  const [items, setItems] = useState<IncidentListItem[]>([]);
  useEffect(() => {
    if (allowed) listIncidents({ case_id: caseId }).then((p) => setItems(p.items), () => setItems([]));
  }, [allowed, caseId]);
  if (!allowed) return null;
  const form = `/incidents/new?case_id=${caseId}&department=${encodeURIComponent(department)}`;
  return (
    <Card size="small" title={t('incidents.linked')} data-testid="case-linked-incidents"
      extra={has('incidents.report') ? <Link to={form}><Button size="small" data-testid="case-report-incident">{t('incidents.link_from_dispute')}</Button></Link> : undefined}>
      <List size="small" dataSource={items} locale={{ emptyText: t('incidents.no_linked') }}
        renderItem={(i) => (
          <List.Item>
            <Link to={`/incidents/${i.id}`} data-testid={`case-incident-${i.id}`}>{i.number}</Link>
            <Space size={4}><ClassTag value={i.severity_class} /><StateTag value={i.state} /></Space>
          </List.Item>
        )} />
    </Card>
  );
}

/** The complaint row's button: the incident form pre-filled and linked to the complaint. */
export function ReportFromComplaint({ complaintId, department }: { complaintId: number; department: string }) {
  const { t } = useTranslation();
  const { has } = useAuth();
  if (!has('incidents.report')) return null;
  return (
    <Link to={`/incidents/new?complaint_id=${complaintId}&department=${encodeURIComponent(department)}`}>
      <Button size="small" data-testid={`complaint-report-incident-${complaintId}`}>{t('incidents.link_from_dispute')}</Button>
    </Link>
  );
}
