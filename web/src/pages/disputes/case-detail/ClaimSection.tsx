// The case page's insurance claim (理赔): the patient reads its state, the amount approved and paid and the
// insurer's payment deadline (保险法 art. 23); officers, mediators and adjusters get a link to the claim.
// Hidden when the case has no claim or the viewer may not read it.
import { useEffect, useState } from 'react';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../auth/AuthContext';
import { claimOfCase, paymentDeadline, type Claim } from '../../claims/api';
import { ClaimStateTag } from '../../claims/ClaimStateTag';
import { formatFen } from '../../../components/format';

export function ClaimSection({ caseId, refreshKey }: { caseId: number; refreshKey?: unknown }) {
  const { t } = useTranslation();
  const { has } = useAuth();
  const [claim, setClaim] = useState<Claim | null>(null);
  useEffect(() => {
    claimOfCase(caseId).then(setClaim, () => setClaim(null));
  }, [caseId, refreshKey]);
  if (!claim) return null;
  const deadline = paymentDeadline(claim);
  const staff = has('claims.read') || has('cases.read');
  return (
    <Card
      size="small"
      title={t('claims.case_panel.title')}
      data-testid="case-claim"
      extra={staff ? <Link to={`/claims/${claim.id}`} data-testid="case-claim-link">{t('claims.case_panel.open', { number: claim.claim_number })}</Link> : undefined}
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
        { key: 'number', label: t('claims.field.claim_number'), children: claim.claim_number },
        { key: 'state', label: t('claims.field.state'), children: <ClaimStateTag state={claim.state} /> },
        { key: 'approved', label: t('claims.case_panel.approved'), children: <span data-testid="case-claim-approved">{formatFen(claim.payable_fen)}</span> },
        { key: 'paid', label: t('claims.field.paid'), children: <span data-testid="case-claim-paid">{formatFen(claim.paid_fen)}</span> },
        {
          key: 'deadline',
          // short labels: the legal name of the deadline is the tooltip, so a phone screen keeps one column
          label: t(deadline?.id === 'insurer_decision' ? 'claims.case_panel.decision_deadline' : 'claims.case_panel.deadline'),
          children: deadline ? (
            <Space size={4} wrap title={t(`claims.deadline.${deadline.id}`)} data-testid="case-claim-deadline">
              <Typography.Text type={deadline.overdue && !deadline.met_on ? 'danger' : undefined}>{deadline.due}</Typography.Text>
              {deadline.met_on && <Tag color="green">{t('claims.workspace.met_on', { date: deadline.met_on })}</Tag>}
              {deadline.overdue && !deadline.met_on && <Tag color="red">{t('claims.overdue')}</Tag>}
            </Space>
          ) : '—',
        },
      ]} />
    </Card>
  );
}
