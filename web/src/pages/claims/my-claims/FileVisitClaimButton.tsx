// A patient files a claim under a per-visit accident micro-policy (POST /claims with visit_policy_number):
// the incident date must lie in the policy's cover; a second notice of the same incident is refused
// by the server (claim_duplicates_open_claim).
import { useState } from 'react';
import { App, Button, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { fileVisitClaim } from '../api';

const today = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

export function FileVisitClaimButton({ policyNumber, coverStart, coverEnd }: { policyNumber: string; coverStart: string; coverEnd: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { has } = useAuth();
  const [open, setOpen] = useState(false);
  const [incident, setIncident] = useState(coverStart);
  const [busy, setBusy] = useState(false);
  if (!has('claims.file')) return null;
  const submit = async () => {
    setBusy(true);
    try {
      const claim = await fileVisitClaim({ visit_policy_number: policyNumber, incident_date: incident, notice_date: today() });
      message.success(t('claims.file.filed', { number: claim.claim_number }));
      setOpen(false);
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid={`file-claim-${policyNumber}`}>{t('claims.file.button')}</Button>
      <Modal
        open={open}
        title={t('claims.file.title', { number: policyNumber })}
        okText={t('claims.file.submit')}
        cancelText={t('claims.file.cancel')}
        confirmLoading={busy}
        okButtonProps={{ disabled: !incident, 'data-testid': 'file-claim-submit' }}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
      >
        <Typography.Paragraph type="secondary">{t('claims.file.hint', { start: coverStart, end: coverEnd })}</Typography.Paragraph>
        <label>
          {t('claims.field.incident_date')}{' '}
          <Input type="date" min={coverStart} max={coverEnd} value={incident} onChange={(e) => setIncident(e.target.value)} style={{ width: 180 }} data-testid="file-claim-incident" />
        </label>
      </Modal>
    </>
  );
}
