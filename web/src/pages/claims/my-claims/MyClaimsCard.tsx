// A patient's own insurance claims (claims.read_own) on the my-cases page: state, amount approved and
// paid, and the insurer's payment deadline. A single column for phone screens.
import { useEffect, useState } from 'react';
import { Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../auth/AuthContext';
import { fetchAll } from '../../../components/useCursorList';
import { listClaims, paymentDeadline, type Claim } from '../api';
import { ClaimStateTag } from '../ClaimStateTag';
import { formatFen } from '../../../components/format';

export function MyClaimsCard() {
  const { t } = useTranslation();
  const { has } = useAuth();
  const allowed = has('claims.read_own');
  const [items, setItems] = useState<Claim[] | null>(null);
  useEffect(() => {
    if (allowed) fetchAll((cursor) => listClaims({}, cursor)).then(setItems, () => setItems(null));
  }, [allowed]);
  if (!allowed || !items) return null;
  return (
    <Card size="small" title={t('claims.my.title')}>
      <List
        data-testid="my-claims-list"
        dataSource={items}
        locale={{ emptyText: t('claims.my.empty') }}
        renderItem={(c) => {
          const d = paymentDeadline(c);
          return (
            <List.Item data-testid={`my-claim-${c.id}`}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <span>
                  {c.claim_number} <ClaimStateTag state={c.state} />
                  {c.case_id && <Link to={`/disputes/cases/${c.case_id}`}> #{c.case_id}</Link>}
                </span>
                <Typography.Text type="secondary">
                  {t('claims.case_panel.approved')} {formatFen(c.payable_fen)} · {t('claims.field.paid')} {formatFen(c.paid_fen)}
                </Typography.Text>
                {d && !d.met_on && (
                  <Typography.Text type={d.overdue ? 'danger' : 'secondary'}>
                    {t(`claims.deadline.${d.id}`)}: {d.due} {d.overdue && <Tag color="red">{t('claims.overdue')}</Tag>}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
