// The public certificate check (/certificates/:code, no sign-in): whether the cover is valid and for
// what — product, insured institution, period, limits. The server returns no personal data.
import { useEffect, useState } from 'react';
import { Card, Descriptions, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api, errorMessage, request, type Schemas } from '../../../api/client';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { currentLanguage } from '../../../i18n';
import { formatFen } from '../../../components/format';

type Certificate = Schemas['Certificate'];

export default function CertificatePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const [cert, setCert] = useState<Certificate>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    request(api.GET('/api/v1/certificates/{code}', { params: { path: { code } } }), { redirectOn401: false })
      .then(setCert)
      .catch((e: unknown) => setError(e ?? 'error'));
  }, [code]);
  const zh = currentLanguage() === 'zh-CN';
  return (
    <div style={{ maxWidth: 720, margin: '48px auto', padding: 16 }}>
      <div style={{ textAlign: 'right' }}><LanguageSwitch /></div>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('insurance.certificate_check')}</h1>}>
        {!cert && !error ? <Spin /> : null}
        {error ? (
          <div data-testid="certificate-invalid">
            <Result status="warning" title={errorMessage(error)} />
          </div>
        ) : null}
        {cert ? (
          <>
            <div data-testid="certificate-status">
              <Result status={cert.valid ? 'success' : 'error'}
                title={cert.valid ? t('insurance.certificate_valid') : t('insurance.certificate_not_valid', { status: t(`insurance.statuses.${cert.status}`) })} />
            </div>
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('insurance.policy_number')}>{cert.policy_number}</Descriptions.Item>
              <Descriptions.Item label={t('insurance.product')}>{zh ? cert.product_name_zh : cert.product_name_en}</Descriptions.Item>
              <Descriptions.Item label={t('insurance.insured_org')}>{cert.insured_name}</Descriptions.Item>
              <Descriptions.Item label={t('insurance.period')}>{`${cert.period_start} ~ ${cert.period_end}`}</Descriptions.Item>
              <Descriptions.Item label={t('insurance.trigger')}>{t(`insurance.triggers.${cert.trigger}`)}</Descriptions.Item>
              <Descriptions.Item label={t('insurance.per_incident_limit')}>{formatFen(cert.per_incident_limit_fen)}</Descriptions.Item>
              <Descriptions.Item label={t('insurance.aggregate_limit')}>{formatFen(cert.aggregate_limit_fen)}</Descriptions.Item>
              <Descriptions.Item label={t('insurance.named_clinicians')}>{cert.named_clinicians}</Descriptions.Item>
              <Descriptions.Item label={t('insurance.checked_on')}>{cert.checked_on}</Descriptions.Item>
            </Descriptions>
          </>
        ) : null}
      </Card>
    </div>
  );
}
