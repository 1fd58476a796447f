// The public verification page of a witness certificate (/verify/witness/:publicId, no sign-in): what
// was witnessed, with initials only, and the browser's own check of the record hash, the Merkle
// inclusion proof and the tree head's Ed25519 signature (merkle.ts).
import { useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { currentLanguage } from '../../../i18n';
import { verifyRecord, type WitnessVerification } from '../api';
import { verifyWitness, type ProofBundle, type VerifyResult } from './merkle';

export default function WitnessVerifyPage() {
  const { t } = useTranslation();
  const { publicId = '' } = useParams();
  const [record, setRecord] = useState<WitnessVerification>();
  const [result, setResult] = useState<VerifyResult>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setRecord(undefined);
    setResult(undefined);
    verifyRecord(publicId)
      .then(async (r) => {
        setRecord(r);
        setResult(await verifyWitness(r.canonical, r.record_hash, r.proof as unknown as ProofBundle | null));
      })
      .catch((e: unknown) => setError(e ?? 'error'));
  }, [publicId]);
  const zh = currentLanguage() === 'zh-CN';
  const head = (record?.proof as unknown as ProofBundle | null)?.tree_head;
  return (
    <div style={{ maxWidth: 720, margin: '24px auto', padding: 16 }}>
      <div style={{ textAlign: 'right' }}><LanguageSwitch /></div>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('witnessing.verify.title')}</h1>}>
        {!record && !error ? <Spin /> : null}
        {error ? <Result status="warning" title={errorMessage(error)} data-testid="witness-verify-error" /> : null}
        {record && !result ? <Typography.Paragraph>{t('witnessing.verify.checking')}</Typography.Paragraph> : null}
        {result ? (
          <div data-testid="witness-verify-result" data-ok={result.ok ? 'true' : 'false'}>
            <Result
              status={result.ok ? 'success' : 'error'}
              title={result.ok ? (zh ? `${t('witnessing.verify.verified')} / Verified` : t('witnessing.verify.verified')) : t('witnessing.verify.failed')}
              subTitle={result.ok ? t('witnessing.verify.verified_detail') : t(`witnessing.verify.reason.${result.failure ?? 'path_invalid'}`)}
            />
            <ul data-testid="witness-verify-steps">
              <li>{result.hash ? '✓' : '✗'} {t('witnessing.verify.step_hash')}</li>
              <li>{result.path ? '✓' : '✗'} {t('witnessing.verify.step_path')}</li>
              <li>{result.signature ? '✓' : '✗'} {t('witnessing.verify.step_signature')}</li>
            </ul>
          </div>
        ) : null}
        {record ? (
          <>
            {record.corrected_by ? (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }}
                message={<>{t('witnessing.verify.corrected_by')} <Link to={`/verify/witness/${record.corrected_by}`}>{record.corrected_by}</Link></>} />
            ) : null}
            {record.corrects ? (
              <Alert type="info" showIcon style={{ marginBottom: 12 }}
                message={<>{t('witnessing.verify.corrects')} <Link to={`/verify/witness/${record.corrects}`}>{record.corrects}</Link></>} />
            ) : null}
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('witnessing.field.public_id')}>{record.public_id}</Descriptions.Item>
              <Descriptions.Item label={t('witnessing.field.procedure')}>
                {zh ? record.procedure_name_zh : record.procedure_name_en} ({record.procedure_code})
              </Descriptions.Item>
              <Descriptions.Item label={t('witnessing.field.procedure_date')}>{record.procedure_date}</Descriptions.Item>
              <Descriptions.Item label={t('witnessing.field.institution')}>{record.institution_name}</Descriptions.Item>
              <Descriptions.Item label={t('witnessing.field.surgeon')}>{record.surgeon_initials}</Descriptions.Item>
              <Descriptions.Item label={t('witnessing.field.patient')}>{record.patient_initials}</Descriptions.Item>
              <Descriptions.Item label={t('witnessing.field.risks_acknowledged')}>
                {t('witnessing.verify.risks', { done: record.risks_acknowledged, total: record.risks_total })}
              </Descriptions.Item>
              <Descriptions.Item label={t('witnessing.field.sealed_at')}>{record.sealed_at}</Descriptions.Item>
              <Descriptions.Item label={t('witnessing.field.record_hash')}>
                <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="witness-record-hash">{record.record_hash}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('witnessing.field.leaf_index')}>{record.leaf_index ?? '—'}</Descriptions.Item>
              {head ? (
                <>
                  <Descriptions.Item label={t('witnessing.verify.tree_size')}>{head.tree_size}</Descriptions.Item>
                  <Descriptions.Item label={t('witnessing.verify.root_hash')}>
                    <Typography.Text code style={{ wordBreak: 'break-all' }}>{head.root_hash}</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('witnessing.verify.signed_at')}>{head.timestamp}</Descriptions.Item>
                </>
              ) : null}
            </Descriptions>
          </>
        ) : null}
      </Card>
    </div>
  );
}
