// The product catalogue (products.read): each product's terms — limits, deductible, trigger, defence
// costs, premium or "rated", the disability benefit schedule — and the source of its figures.
import { useEffect, useState } from 'react';
import { Card, Col, Descriptions, Row, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, request, type Schemas } from '../../../api/client';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorResult } from '../../../components/ErrorResult';
import { formatShare } from '../policies/api';
import { formatFen } from '../../../components/format';

type Product = Schemas['Product'];

export default function ProductsPage() {
  const { t } = useTranslation();
  const [products, setProducts] = useState<Product[]>();
  const [version, setVersion] = useState('');
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    request(api.GET('/api/v1/products'))
      .then((r) => { setProducts(r.items); setVersion(r.rating_table_version); })
      .catch(setError);
  }, []);
  if (error) return <ErrorResult error={error} />;
  return (
    <PageContainer title={t('menu.products')} extra={<Tag>{t('insurance.rating_table')}: {version}</Tag>}>
      <Row gutter={[16, 16]} data-testid="product-list">
        {(products ?? []).map((p) => (
          <Col key={p.code} xs={24} lg={12}>
            <Card title={t(`insurance.products.${p.code}`, { defaultValue: p.name_zh })} data-testid={`product-${p.code}`}
              extra={p.verified ? null : <Tag color="orange">{t('insurance.unverified')}</Tag>}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('insurance.trigger')}>{t(`insurance.triggers.${p.trigger}`)}</Descriptions.Item>
                {p.per_incident_limit_fen > 0 && p.kind === 'liability' ? (
                  <Descriptions.Item label={t('insurance.per_incident_limit')}>{formatFen(p.per_incident_limit_fen)}</Descriptions.Item>
                ) : null}
                <Descriptions.Item label={t('insurance.aggregate_limit')}>{formatFen(p.aggregate_limit_fen)}</Descriptions.Item>
                {p.per_person_limit_fen > 0 ? (
                  <Descriptions.Item label={t('insurance.per_person_limit')}>{formatFen(p.per_person_limit_fen)}</Descriptions.Item>
                ) : null}
                <Descriptions.Item label={t('insurance.deductible')}>{formatFen(p.deductible_fen)}</Descriptions.Item>
                <Descriptions.Item label={t('insurance.defence_costs')}>{t(`insurance.defence.${p.defence_costs}`)}</Descriptions.Item>
                <Descriptions.Item label={t('insurance.premium')}>
                  {p.premium_fen != null ? formatFen(p.premium_fen) : t('insurance.rated')}
                </Descriptions.Item>
              </Descriptions>
              {p.disability_benefits.length > 0 ? (
                <Table size="small" pagination={false} rowKey="disability_grade" dataSource={p.disability_benefits}
                  columns={[
                    { title: t('insurance.disability_grade'), dataIndex: 'disability_grade' },
                    { title: t('insurance.benefit_share'), dataIndex: 'share_bp', render: formatShare },
                    { title: t('insurance.benefit'), render: (_, b) => formatFen((BigInt(p.per_person_limit_fen) * BigInt(b.share_bp)) / 10000n) },
                  ]} />
              ) : null}
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
                {t('insurance.source')}: {p.source}
              </Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
    </PageContainer>
  );
}
