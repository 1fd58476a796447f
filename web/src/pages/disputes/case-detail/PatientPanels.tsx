// The patient's own controls on a case: upload a document for a missing item, and grant or revoke the
// sharing of the narrative and attachments with the mediator, adjuster, experts and lawyer.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, List, Switch, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage, type Schemas } from '../../../api/client';
import { changeConsent, listConsents, uploadAttachment } from '../api';

export function UploadButton({ caseId, itemId, onDone }: { caseId: number; itemId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Upload
      accept="application/pdf,image/jpeg,image/png"
      showUploadList={false}
      customRequest={({ file }) => {
        uploadAttachment(caseId, itemId, file as File)
          .then(() => {
            message.success(t('disputes.materials.uploaded'));
            onDone();
          })
          .catch((e: unknown) => message.error(errorMessage(e, t)));
      }}
    >
      <Button size="small" data-testid={`upload-${itemId}`}>{t('disputes.materials.upload')}</Button>
    </Upload>
  );
}

export function ConsentCard({ caseId }: { caseId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [grants, setGrants] = useState<Schemas['ConsentGrant'][]>([]);
  const load = useCallback(() => {
    listConsents(caseId).then((r) => setGrants(r.items)).catch((e: unknown) => message.error(errorMessage(e, t)));
  }, [caseId, message, t]);
  useEffect(load, [load]);
  const change = (role: string, granted: boolean) => {
    changeConsent(caseId, { grantee_role: role as Schemas['ConsentChange']['grantee_role'], granted })
      .then((r) => setGrants(r.items))
      .catch((e: unknown) => message.error(errorMessage(e, t)));
  };
  return (
    <Card size="small" title={t('disputes.consent.title')}>
      <List
        data-testid="consent-list"
        dataSource={grants}
        renderItem={(g) => (
          <List.Item>
            <span>{t(`roles.${g.grantee_role}`)}</span>
            <Switch checked={g.granted} onChange={(v) => change(g.grantee_role, v)} data-testid={`consent-${g.grantee_role}`} />
          </List.Item>
        )}
      />
      <Link to="/consent" data-testid="consent-centre-link">{t('consent.manage')}</Link>
    </Card>
  );
}
