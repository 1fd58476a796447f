// One witness record. The surgeon (tablet, 768 px) records the patient's questions with the answers
// and the alternatives, uploads attachments and signs; the patient (phone, 375 px) acknowledges each
// risk one by one and then signs. The second signature seals the record; then the certificate, the
// public verification page and, for the surgeon, a correction (a new record referencing this one).
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, List, Space, Typography, Upload } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { ErrorResult } from '../../../components/ErrorResult';
import { PageContainer } from '../../../components/PageContainer';
import { PageLoading } from '../../../components/PageLoading';
import { formatFen } from '../../../components/format';
import { currentLanguage } from '../../../i18n';
import {
  acknowledgeRisk, buyCover, certificateUrl, correctRecord, getRecord, signRecord, updateRecord, uploadAttachment, type WitnessRecord,
} from '../api';
import { StageTag } from '../records/WitnessRecordsPage';

type Setter = (r: WitnessRecord) => void;

function useAction() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<void>, done?: string) => {
    setBusy(true);
    try {
      await f();
      if (done) message.success(done);
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

function RisksCard({ record, onChange }: { record: WitnessRecord; onChange: Setter }) {
  const { t } = useTranslation();
  const { busy, run } = useAction();
  const zh = currentLanguage() === 'zh-CN';
  const patientActs = record.viewer === 'patient' && !record.patient_signature && record.status !== 'sealed';
  const next = record.risks.find((r) => !r.acknowledged_at)?.key;
  return (
    <Card title={t('witnessing.risks.title')} size="small" style={{ marginBottom: 12 }}
      extra={<span data-testid="witness-ack-progress">{t('witnessing.risks.progress', { done: record.risks_acknowledged, total: record.risks.length })}</span>}>
      {patientActs ? <Typography.Paragraph type="secondary">{t('witnessing.risks.hint')}</Typography.Paragraph> : null}
      <List
        dataSource={record.risks}
        renderItem={(r, i) => (
          <List.Item data-testid={`witness-risk-${r.key}`}>
            <Space direction="vertical" size={6} style={{ width: '100%' }}>
              <Typography.Text>{i + 1}. {zh ? r.text_zh : r.text_en}</Typography.Text>
              {r.acknowledged_at ? (
                <Typography.Text type="success"><CheckCircleFilled /> {t('witnessing.risks.acknowledged')}</Typography.Text>
              ) : patientActs ? (
                <Button type={r.key === next ? 'primary' : 'default'} block size="large" disabled={r.key !== next || busy}
                  data-testid={`witness-ack-${r.key}`}
                  onClick={() => void run(async () => onChange(await acknowledgeRisk(record.id, r.key)))}>
                  {t('witnessing.risks.acknowledge')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('witnessing.risks.pending')}</Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function ContentCard({ record, onChange, editable }: { record: WitnessRecord; onChange: Setter; editable: boolean }) {
  const { t } = useTranslation();
  const { busy, run } = useAction();
  const [questions, setQuestions] = useState(record.questions);
  const [alternatives, setAlternatives] = useState(record.alternatives);
  const [q, setQ] = useState('');
  const [a, setA] = useState('');
  const [alt, setAlt] = useState('');
  useEffect(() => {
    setQuestions(record.questions);
    setAlternatives(record.alternatives);
  }, [record]);
  const save = () => run(async () => onChange(await updateRecord(record.id, { questions, alternatives })), t('witnessing.saved'));
  return (
    <>
      <Card title={t('witnessing.questions.title')} size="small" style={{ marginBottom: 12 }}>
        <List data-testid="witness-questions" dataSource={questions} locale={{ emptyText: t('witnessing.questions.empty') }}
          renderItem={(item, i) => (
            <List.Item extra={editable ? <Button size="small" onClick={() => setQuestions(questions.filter((_, k) => k !== i))}>{t('witnessing.remove')}</Button> : null}>
              <Space direction="vertical" size={2}>
                <Typography.Text strong>{item.question}</Typography.Text>
                <Typography.Text>{item.answer}</Typography.Text>
              </Space>
            </List.Item>
          )} />
        {editable ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea rows={2} placeholder={t('witnessing.questions.question')} value={q} onChange={(e) => setQ(e.target.value)} data-testid="witness-question" />
            <Input.TextArea rows={2} placeholder={t('witnessing.questions.answer')} value={a} onChange={(e) => setA(e.target.value)} data-testid="witness-answer" />
            <Button disabled={!q.trim() || !a.trim()} data-testid="witness-add-question"
              onClick={() => { setQuestions([...questions, { question: q.trim(), answer: a.trim() }]); setQ(''); setA(''); }}>
              {t('witnessing.questions.add')}
            </Button>
          </Space>
        ) : null}
      </Card>
      <Card title={t('witnessing.alternatives.title')} size="small" style={{ marginBottom: 12 }}>
        <List data-testid="witness-alternatives" dataSource={alternatives} locale={{ emptyText: t('witnessing.alternatives.empty') }}
          renderItem={(item, i) => (
            <List.Item extra={editable ? <Button size="small" onClick={() => setAlternatives(alternatives.filter((_, k) => k !== i))}>{t('witnessing.remove')}</Button> : null}>
              {item}
            </List.Item>
          )} />
        {editable ? (
          <Space.Compact style={{ width: '100%' }}>
            <Input value={alt} onChange={(e) => setAlt(e.target.value)} placeholder={t('witnessing.alternatives.add')} data-testid="witness-alternative" />
            <Button disabled={!alt.trim()} onClick={() => { setAlternatives([...alternatives, alt.trim()]); setAlt(''); }}>{t('witnessing.alternatives.add')}</Button>
          </Space.Compact>
        ) : null}
      </Card>
      {editable ? (
        <Button type="primary" size="large" loading={busy} onClick={() => void save()} style={{ marginBottom: 12 }} data-testid="witness-save">
          {t('witnessing.save')}
        </Button>
      ) : null}
    </>
  );
}

function AttachmentsCard({ record, reload, editable }: { record: WitnessRecord; reload: () => void; editable: boolean }) {
  const { t } = useTranslation();
  const { run } = useAction();
  return (
    <Card title={t('witnessing.attachments.title')} size="small" style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">{t('witnessing.attachments.hint')}</Typography.Paragraph>
      <List data-testid="witness-attachments" dataSource={record.attachments} locale={{ emptyText: t('witnessing.attachments.empty') }}
        renderItem={(f) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <a href={`/api/v1/witness-records/${record.id}/attachments/${f.id}`}>{f.file_name}</a>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`witnessing.attachments.kinds.${f.kind}`)} · SHA-256 {f.sha256.slice(0, 16)}…
              </Typography.Text>
            </Space>
          </List.Item>
        )} />
      {editable ? (
        <Upload showUploadList={false} accept="audio/*,video/mp4,video/webm,image/jpeg,image/png,application/pdf"
          customRequest={({ file, onSuccess, onError }) =>
            void run(async () => {
              try {
                await uploadAttachment(record.id, file as File);
                onSuccess?.({});
                reload();
              } catch (e) {
                onError?.(e as Error);
                throw e;
              }
            }, t('witnessing.attachments.uploaded'))}>
          <Button data-testid="witness-upload">{t('witnessing.attachments.upload')}</Button>
        </Upload>
      ) : null}
    </Card>
  );
}

function SignaturesCard({ record, onChange }: { record: WitnessRecord; onChange: Setter }) {
  const { t } = useTranslation();
  const { busy, run } = useAction();
  const [text, setText] = useState('');
  const mine = record.viewer === 'surgeon' ? record.surgeon_signature : record.viewer === 'patient' ? record.patient_signature : undefined;
  const canSign = record.status !== 'sealed' && (record.viewer === 'surgeon' || record.viewer === 'patient') && !mine &&
    (record.viewer === 'surgeon' || record.risks_acknowledged === record.risks.length);
  const line = (label: string, s: WitnessRecord['surgeon_signature']) => (
    <Descriptions.Item label={label}>{s ? `${s.text} · ${s.signed_at}` : t('witnessing.signatures.not_signed')}</Descriptions.Item>
  );
  return (
    <Card title={t('witnessing.signatures.title')} size="small" style={{ marginBottom: 12 }}>
      <Descriptions column={1} size="small">
        {line(t('witnessing.signatures.surgeon'), record.surgeon_signature)}
        {line(t('witnessing.signatures.patient'), record.patient_signature)}
      </Descriptions>
      {canSign ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('witnessing.signatures.seal_note')}</Typography.Text>
          <Input size="large" placeholder={t('witnessing.signatures.your_name')} value={text} onChange={(e) => setText(e.target.value)} data-testid="witness-signature-input" />
          <Button type="primary" size="large" block disabled={!text.trim()} loading={busy} data-testid="witness-sign"
            onClick={() => void run(async () => onChange(await signRecord(record.id, text.trim())), t('witnessing.signatures.signed'))}>
            {t('witnessing.signatures.sign')}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}

const todayInShanghai = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The surgical accident cover, a step of the patient's flow: offered until the day before the procedure. */
function CoverCard({ record, reload }: { record: WitnessRecord; reload: () => void }) {
  const { t } = useTranslation();
  const { busy, run } = useAction();
  const zh = currentLanguage() === 'zh-CN';
  const cover = record.surgical_cover;
  const offer = record.surgical_cover_offer;
  if (!cover && (record.viewer !== 'patient' || !offer)) return null;
  const open = todayInShanghai() < record.procedure_date;
  return (
    <Card title={t('witnessing.cover.title')} size="small" style={{ marginBottom: 12 }} data-testid="witness-cover">
      {cover ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('witnessing.cover.policy_number')}>{cover.policy_number}</Descriptions.Item>
          <Descriptions.Item label={t('witnessing.cover.period')}>{`${cover.period_start} ~ ${cover.period_end}`}</Descriptions.Item>
          <Descriptions.Item label={t('witnessing.cover.sum_insured')}>{formatFen(cover.sum_insured_fen)}</Descriptions.Item>
          <Descriptions.Item label={t('witnessing.cover.premium')}>{formatFen(cover.premium_fen)}</Descriptions.Item>
        </Descriptions>
      ) : offer ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {t('witnessing.cover.offer', { name: zh ? offer.name_zh : offer.name_en, premium: formatFen(offer.premium_fen), sum: formatFen(offer.sum_insured_fen), days: offer.term_days })}
          </Typography.Text>
          {open ? (
            <Button size="large" block loading={busy} data-testid="witness-buy-cover"
              onClick={() => void run(async () => { await buyCover(record.id); reload(); }, t('witnessing.cover.bought'))}>
              {t('witnessing.cover.buy')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('witnessing.cover.closed')}</Typography.Text>
          )}
        </Space>
      ) : null}
    </Card>
  );
}

function SealedCard({ record }: { record: WitnessRecord }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { busy, run } = useAction();
  return (
    <Card title={t('witnessing.sealed.title')} size="small" style={{ marginBottom: 12 }} data-testid="witness-sealed">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('witnessing.field.public_id')}>{record.public_id}</Descriptions.Item>
        <Descriptions.Item label={t('witnessing.field.record_hash')}>
          <Typography.Text code style={{ wordBreak: 'break-all' }}>{record.record_hash}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('witnessing.field.leaf_index')}>{record.leaf_index ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('witnessing.field.sealed_at')}>{record.sealed_at}</Descriptions.Item>
      </Descriptions>
      <Space wrap>
        <a href={certificateUrl(record.id)} download data-testid="witness-certificate">{t('witnessing.sealed.certificate')}</a>
        <Link to={`/verify/witness/${record.public_id}`} data-testid="witness-public-link">{t('witnessing.sealed.public_page')}</Link>
        {(record.viewer === 'surgeon' || record.viewer === 'institution') && !record.corrected_by_id ? (
          <Button loading={busy} data-testid="witness-correct"
            onClick={() => void run(async () => { const c = await correctRecord(record.id); void navigate(`/witnessing/records/${c.id}`); })}>
            {t('witnessing.sealed.correct')}
          </Button>
        ) : null}
      </Space>
    </Card>
  );
}

export default function WitnessRecordPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const [record, setRecord] = useState<WitnessRecord>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => {
    getRecord(id).then(setRecord, (e: unknown) => setError(e ?? 'error'));
  }, [id]);
  useEffect(load, [load]);
  if (error) return <ErrorResult error={error} onRetry={load} />;
  if (!record) return <PageLoading />;
  const zh = currentLanguage() === 'zh-CN';
  const signed = !!record.surgeon_signature || !!record.patient_signature;
  const editable = record.viewer === 'surgeon' && record.status !== 'sealed' && !signed;
  return (
    <PageContainer title={<>{zh ? record.procedure_name_zh : record.procedure_name_en} <StageTag stage={record.stage} /></>}>
      {record.corrected_by_id ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="witness-corrected"
          message={<>{t('witnessing.sealed.corrected')} <Link to={`/witnessing/records/${record.corrected_by_id}`}>#{record.corrected_by_id}</Link></>} />
      ) : null}
      {record.corrects_id ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }}
          message={<>{t('witnessing.sealed.corrects')} <Link to={`/witnessing/records/${record.corrects_id}`}>#{record.corrects_id}</Link></>} />
      ) : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('witnessing.field.procedure')}>{zh ? record.procedure_name_zh : record.procedure_name_en} ({record.procedure_code})</Descriptions.Item>
          <Descriptions.Item label={t('witnessing.field.procedure_date')}>{record.procedure_date}</Descriptions.Item>
          <Descriptions.Item label={t('witnessing.field.institution')}>{record.institution_name}</Descriptions.Item>
          <Descriptions.Item label={t('witnessing.field.surgeon')}>{record.surgeon_name}</Descriptions.Item>
          <Descriptions.Item label={t('witnessing.field.patient')}>{record.patient_name}</Descriptions.Item>
          {record.representative_name ? (
            <Descriptions.Item label={t('witnessing.field.representative')}>
              {record.representative_name}
              {record.representative_relationship ? ` (${t(`witnessing.relationships.${record.representative_relationship}`)})` : ''}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      {record.status === 'sealed' ? <SealedCard record={record} /> : null}
      {signed && record.status !== 'sealed' && record.viewer === 'surgeon' ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('witnessing.signatures.locked')} />
      ) : null}
      <RisksCard record={record} onChange={setRecord} />
      <ContentCard record={record} onChange={setRecord} editable={editable} />
      <AttachmentsCard record={record} reload={load} editable={editable} />
      <SignaturesCard record={record} onChange={setRecord} />
      <CoverCard record={record} reload={load} />
    </PageContainer>
  );
}
