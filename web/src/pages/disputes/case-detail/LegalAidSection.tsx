// The case page's legal-aid section for the patient, the institution's officer and the assigned lawyer:
// request legal aid (POST /legal-aid-requests: the region's legal-aid office joins and assigns its
// least-loaded lawyer), the lawyer's consultation log (timeline events legal_aid_consultation; the
// lawyer adds to it: POST /cases/{id}/consultations) and the "1+3" documents in Chinese
// (GET /cases/{id}/documents/{template}), shown, printable and downloadable.
import { useState } from 'react';
import { App, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { formatDateTime } from '../../../components/format';
import {
  DOCUMENT_TEMPLATES, getDocument, logConsultation, requestLegalAid,
  type CaseDocument, type CaseEvent, type DisputeCase,
} from '../api';
import { CaseDocumentModal } from './CaseDocumentView';

const OPEN = (state: string) => !['closed', 'refused', 'withdrawn'].includes(state);

export function LegalAidSection({ c, events, onChanged }: { c: DisputeCase; events: CaseEvent[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const roles = me?.user.roles ?? [];
  const isPatient = roles.includes('patient') && me?.user.id === c.patient_user_id;
  const isOfficer = roles.includes('medical_officer') && me?.user.organization?.id === c.institution_org_id;
  const isLawyer = roles.includes('lawyer') && me?.user.id === c.lawyer_user_id;
  const [note, setNote] = useState('');
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);
  const [doc, setDoc] = useState<CaseDocument | null>(null);
  if (!isPatient && !isOfficer && !isLawyer) return null;
  const run = async (call: () => Promise<unknown>, done: string, after: () => void) => {
    setBusy(true);
    try {
      await call();
      message.success(t(done));
      after();
      onChanged();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  const open = (template: CaseDocument['template']) =>
    getDocument(c.id, template).then(setDoc, (e: unknown) => message.error(errorMessage(e, t)));
  const consultations = events.filter((e) => e.kind === 'legal_aid_consultation');
  return (
    <Card size="small" title={t('disputes.legal_aid.title')} data-testid="case-legal-aid">
      <Space direction="vertical" style={{ width: '100%' }}>
        <span data-testid="legal-aid-status">
          {c.lawyer_user_id ? <Tag color="green">{t('disputes.legal_aid.assigned')}</Tag>
            : c.legal_aid_org_id ? <Tag color="orange">{t('disputes.legal_aid.awaiting_lawyer')}</Tag>
              : <Tag>{t('disputes.legal_aid.not_requested')}</Tag>}
        </span>
        {(isPatient || isOfficer) && !c.lawyer_user_id && OPEN(c.state) && (
          <Space wrap>
            <Input style={{ width: 320 }} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)}
              placeholder={t('disputes.legal_aid.note')} data-testid="legal-aid-note" />
            <Button type="primary" loading={busy} data-testid="legal-aid-request"
              onClick={() => void run(() => requestLegalAid(c.id, note.trim()), 'disputes.legal_aid.requested', () => setNote(''))}>
              {t('disputes.legal_aid.request')}
            </Button>
          </Space>
        )}
        {(c.lawyer_user_id || consultations.length > 0) && (
          <List size="small" header={t('disputes.legal_aid.consultations')} dataSource={consultations} data-testid="consultation-log"
            locale={{ emptyText: t('disputes.legal_aid.no_consultation') }}
            renderItem={(e) => (
              <List.Item>
                <Space direction="vertical" size={0}>
                  <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                  <span>{typeof e.details.summary === 'string' ? e.details.summary : ''}</span>
                </Space>
              </List.Item>
            )} />
        )}
        {isLawyer && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea rows={2} maxLength={2000} value={summary} onChange={(e) => setSummary(e.target.value)}
              placeholder={t('disputes.legal_aid.summary')} data-testid="consultation-summary" />
            <Button disabled={!summary.trim()} loading={busy} data-testid="consultation-submit"
              onClick={() => void run(() => logConsultation(c.id, summary.trim()), 'disputes.legal_aid.logged', () => setSummary(''))}>
              {t('disputes.legal_aid.log')}
            </Button>
          </Space>
        )}
        <Typography.Text strong>{t('disputes.legal_aid.documents')}</Typography.Text>
        <Space wrap data-testid="legal-aid-documents">
          {DOCUMENT_TEMPLATES.map((id) => (
            <Button key={id} onClick={() => void open(id)} data-testid={`document-${id}`}>{t(`disputes.legal_aid.template.${id}`)}</Button>
          ))}
        </Space>
        <Typography.Text type="secondary">{t('disputes.legal_aid.unverified')}</Typography.Text>
      </Space>
      <CaseDocumentModal doc={doc} caseId={c.id} onClose={() => setDoc(null)} />
    </Card>
  );
}
