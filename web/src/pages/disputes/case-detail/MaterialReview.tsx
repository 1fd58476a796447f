// Materials review on the case page for adjusters and mediators: accept an uploaded item, or return it
// to the patient with a reason (POST /cases/{id}/materials/{item_id}/review; a rejection needs a reason).
import { useState } from 'react';
import { App, Button, Input, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, request } from '../../../api/client';

export const REVIEWER_ROLES = ['adjuster', 'mediator'];

const review = (id: number, itemId: string, decision: 'accept' | 'reject', reason?: string) =>
  request(api.POST('/api/v1/cases/{id}/materials/{item_id}/review', {
    params: { path: { id, item_id: itemId } },
    body: reason ? { decision, reason } : { decision },
  }));

export function ReviewButtons({ caseId, itemId, onDone }: { caseId: number; itemId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const run = async (decision: 'accept' | 'reject') => {
    try {
      await review(caseId, itemId, decision, decision === 'reject' ? reason.trim() : undefined);
      message.success(t(decision === 'accept' ? 'disputes.screen.accepted' : 'disputes.screen.rejected'));
      setOpen(false);
      setReason('');
      onDone();
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };
  return (
    <Space>
      <Button size="small" type="primary" onClick={() => void run('accept')} data-testid={`accept-${itemId}`}>
        {t('disputes.screen.accept')}
      </Button>
      <Button size="small" danger onClick={() => setOpen(true)} data-testid={`reject-${itemId}`}>{t('disputes.screen.reject')}</Button>
      <Modal open={open} title={t('disputes.screen.reject')} onOk={() => void run('reject')} onCancel={() => setOpen(false)}
        okText={t('disputes.screen.reject')} cancelText={t('disputes.screen.cancel')} okButtonProps={{ disabled: !reason.trim(), danger: true }}>
        <Input.TextArea rows={3} maxLength={2000} placeholder={t('disputes.screen.reject_reason')} value={reason}
          onChange={(e) => setReason(e.target.value)} data-testid="reject-reason" />
      </Modal>
    </Space>
  );
}
