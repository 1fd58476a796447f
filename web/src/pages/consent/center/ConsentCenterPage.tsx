// The patient's consent centre (数据授权): every data-sharing grant (party, purpose, data, until, state)
// with revocation behind a confirmation, a form for a new grant (an organization, a named person of an
// organization, or a role; all cases or one case), and the access history — who read the patient's
// data, when and for which purpose. A legal representative (a parent, a guardian, an agent) switches to
// the consent centre of the patient they represent; the banner says whose it is. One column of cards,
// usable on a 375 px phone.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, InputNumber, List, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorResult } from '../../../components/ErrorResult';
import { formatDateTime } from '../../../components/format';
import { LoadMore } from '../../../components/LoadMore';
import { PageContainer } from '../../../components/PageContainer';
import { useCursorList } from '../../../components/useCursorList';
import {
  getPurposes,
  grantConsent,
  listAccess,
  listGrants,
  listOwnCases,
  listParties,
  listPartyMembers,
  listRepresentations,
  revokeConsent,
  type Consent,
  type ConsentAccess,
  type ConsentParty,
  type ConsentPartyMember,
  type ConsentPurposes,
  type Representation,
} from '../api';

const STATE_COLOR: Record<Consent['state'], string> = { active: 'green', revoked: 'default', expired: 'orange' };

interface GrantForm {
  purpose: string;
  kind: 'organization' | 'user' | 'role';
  organization_id?: number;
  user_id?: number;
  role?: string;
  scope: 'all' | 'case';
  case_id?: number;
  data_kinds: string[];
  valid_until: Dayjs;
}

function useNames(purposes: ConsentPurposes | null) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  const purpose = (id: string) => {
    const p = purposes?.purposes.find((x) => x.id === id);
    return p ? (en ? p.name_en : p.name_zh) : id;
  };
  const kind = (id: string) => {
    const k = purposes?.data_kinds.find((x) => x.id === id);
    return k ? (en ? k.name_en : k.name_zh) : id;
  };
  const party = (g: Consent) => g.grantee.name ?? (g.grantee.role ? t('consent.role_party', { role: t(`roles.${g.grantee.role}`) }) : `#${g.grantee.user_id ?? g.grantee.organization_id}`);
  return { purpose, kind, party };
}

function NewGrantModal({ open, purposes, parties, patient, onClose, onDone }: {
  open: boolean;
  purposes: ConsentPurposes;
  parties: ConsentParty[];
  patient: number | undefined;  // set when acting for a represented patient
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const names = useNames(purposes);
  const [form] = Form.useForm<GrantForm>();
  const [saving, setSaving] = useState(false);
  const purposeId = Form.useWatch('purpose', form);
  const kind = Form.useWatch('kind', form);
  const scope = Form.useWatch('scope', form);
  const organization = Form.useWatch('organization_id', form);
  const [members, setMembers] = useState<ConsentPartyMember[]>([]);
  const [cases, setCases] = useState<{ id: number; label: string }[]>([]);
  const roles = purposes.purposes.find((p) => p.id === purposeId)?.roles ?? [];
  useEffect(() => {
    setMembers([]);
    form.setFieldValue('user_id', undefined);
    if (kind !== 'user' || !organization) return;
    listPartyMembers(organization)
      .then((m) => setMembers(m.items))
      .catch((e: unknown) => message.error(errorMessage(e, t)));
  }, [kind, organization, form, message, t]);
  useEffect(() => {
    // One's own cases to choose from; a representative types the case number of the patient's case.
    if (scope !== 'case' || patient !== undefined) return;
    listOwnCases()
      .then((c) => setCases(c.items.map((x) => ({ id: x.id, label: t('consent.case_option', { id: x.id, department: x.department, date: x.incident_date }) }))))
      .catch((e: unknown) => message.error(errorMessage(e, t)));
  }, [scope, patient, message, t]);
  const submit = (v: GrantForm) => {
    setSaving(true);
    const grantee =
      v.kind === 'role'
        ? { kind: 'role' as const, role: v.role }
        : v.kind === 'user'
          ? { kind: 'user' as const, user_id: v.user_id }
          : { kind: 'organization' as const, organization_id: v.organization_id };
    grantConsent(patient, {
      purpose: v.purpose,
      grantee,
      data_kinds: v.data_kinds,
      valid_until: v.valid_until.format('YYYY-MM-DD'),
      ...(v.scope === 'case' && v.case_id ? { case_id: v.case_id } : {}),
    })
      .then(() => {
        message.success(t('consent.granted'));
        form.resetFields();
        onDone();
      })
      .catch((e: unknown) => message.error(errorMessage(e, t)))
      .finally(() => setSaving(false));
  };
  return (
    <Modal open={open} title={t('consent.new')} onCancel={onClose} footer={null} destroyOnClose width={480}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'organization', scope: 'all', data_kinds: ['narrative'], valid_until: dayjs().add(90, 'day') }}>
        <Form.Item name="purpose" label={t('consent.purpose')} rules={[{ required: true, message: t('consent.required') }]}>
          <Select
            data-testid="consent-purpose"
            options={purposes.purposes.map((p) => ({ value: p.id, label: names.purpose(p.id) }))}
            onChange={() => form.setFieldValue('role', undefined)}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('consent.party')}>
          <Radio.Group data-testid="consent-kind">
            <Radio value="organization">{t('consent.kind.organization')}</Radio>
            <Radio value="user" data-testid="consent-kind-user">{t('consent.kind.user')}</Radio>
            <Radio value="role" disabled={roles.length === 0}>{t('consent.kind.role')}</Radio>
          </Radio.Group>
        </Form.Item>
        {kind === 'role' ? (
          <Form.Item name="role" label={t('consent.kind.role')} rules={[{ required: true, message: t('consent.required') }]}>
            <Select data-testid="consent-role" options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          </Form.Item>
        ) : (
          <Form.Item name="organization_id" label={t('consent.kind.organization')} rules={[{ required: true, message: t('consent.required') }]}>
            <Select
              data-testid="consent-organization"
              showSearch
              optionFilterProp="label"
              options={parties.map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
        )}
        {kind === 'user' && (
          <Form.Item name="user_id" label={t('consent.person')} rules={[{ required: true, message: t('consent.required') }]}>
            <Select
              data-testid="consent-user"
              showSearch
              optionFilterProp="label"
              disabled={!organization}
              placeholder={t('consent.person_hint')}
              options={members.map((m) => ({ value: m.user_id, label: t('consent.member', { name: m.display_name, role: t(`roles.${m.role}`) }) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="scope" label={t('consent.scope')}>
          <Radio.Group data-testid="consent-scope">
            <Radio value="all">{t('consent.all_cases')}</Radio>
            <Radio value="case" data-testid="consent-scope-case">{t('consent.one_case')}</Radio>
          </Radio.Group>
        </Form.Item>
        {scope === 'case' && (
          <Form.Item name="case_id" label={t('consent.which_case')} rules={[{ required: true, message: t('consent.required') }]}>
            {patient === undefined ? (
              <Select data-testid="consent-case" showSearch optionFilterProp="label" options={cases.map((c) => ({ value: c.id, label: c.label }))} />
            ) : (
              <InputNumber data-testid="consent-case-number" min={1} precision={0} style={{ width: '100%' }} />
            )}
          </Form.Item>
        )}
        <Form.Item name="data_kinds" label={t('consent.data')} rules={[{ required: true, message: t('consent.required') }]}>
          <Checkbox.Group data-testid="consent-data" options={purposes.data_kinds.map((k) => ({ value: k.id, label: names.kind(k.id) }))} />
        </Form.Item>
        <Form.Item name="valid_until" label={t('consent.until')} rules={[{ required: true, message: t('consent.required') }]}>
          <DatePicker
            data-testid="consent-until"
            style={{ width: '100%' }}
            disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.isAfter(dayjs().add(purposes.max_valid_days, 'day'), 'day')}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} block data-testid="consent-submit">
          {t('consent.submit')}
        </Button>
      </Form>
    </Modal>
  );
}

export default function ConsentCenterPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const [purposes, setPurposes] = useState<ConsentPurposes | null>(null);
  const [parties, setParties] = useState<ConsentParty[]>([]);
  const [represented, setRepresented] = useState<Representation[]>([]);
  const [patient, setPatient] = useState<number | undefined>(undefined);  // undefined: my own
  const [formOpen, setFormOpen] = useState(false);
  const [setupError, setSetupError] = useState<unknown>(null);
  const grants = useCursorList<Consent, Awaited<ReturnType<typeof listGrants>>>((c) => listGrants(patient, c), [patient]);
  const access = useCursorList<ConsentAccess, Awaited<ReturnType<typeof listAccess>>>((c) => listAccess(patient, c), [patient]);
  const names = useNames(purposes);
  const myId = me?.user.id;
  useEffect(() => {
    Promise.all([getPurposes(), listParties(), listRepresentations()])
      .then(([p, o, r]) => {
        setPurposes(p);
        setParties(o.items);
        setRepresented(r.items.filter((x) => x.state === 'active' && x.representative_user_id === myId));
      })
      .catch(setSetupError);
  }, [myId]);
  const acting = represented.find((r) => r.patient_user_id === patient);
  const basisName = (r: Representation) => t(`consent.basis.${r.basis}`);
  const revoke = (g: Consent) =>
    revokeConsent(patient, g.id)
      .then(() => {
        message.success(t('consent.revoked'));
        grants.reload();
      })
      .catch((e: unknown) => message.error(errorMessage(e, t)));

  const error = setupError ?? grants.error ?? access.error;
  if (error) return <ErrorResult error={error} onRetry={() => window.location.reload()} />;
  return (
    <PageContainer
      title={t('menu.consents')}
      extra={
        <Button type="primary" data-testid="consent-new" disabled={!purposes} onClick={() => setFormOpen(true)}>
          {t('consent.new')}
        </Button>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {represented.length > 0 && (
          <Space wrap>
            <Typography.Text>{t('consent.acting_for')}</Typography.Text>
            <Select
              data-testid="consent-acting"
              style={{ minWidth: 220 }}
              value={patient ?? 0}
              onChange={(v: number) => setPatient(v === 0 ? undefined : v)}
              options={[
                { value: 0, label: t('consent.myself') },
                ...represented.map((r) => ({ value: r.patient_user_id, label: t('consent.represented_option', { name: r.patient_name, basis: basisName(r) }) })),
              ]}
            />
          </Space>
        )}
        {acting && (
          <Alert
            type="warning"
            showIcon
            data-testid="consent-acting-banner"
            message={t('consent.acting_banner', { name: acting.patient_name })}
            description={t('consent.acting_basis', { basis: basisName(acting), from: acting.valid_from })}
          />
        )}
        <Typography.Paragraph type="secondary">{t('consent.intro')}</Typography.Paragraph>
        <Card size="small" title={t('consent.grants')}>
          <List
            data-testid="consent-grants"
            loading={grants.loading}
            dataSource={grants.items}
            locale={{ emptyText: t('consent.no_grants') }}
            renderItem={(g) => (
              <List.Item data-testid={`consent-grant-${g.id}`}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong data-testid="consent-party">{names.party(g)}</Typography.Text>
                    <Tag color={STATE_COLOR[g.state]} data-testid="consent-state">{t(`consent.state.${g.state}`)}</Tag>
                  </Space>
                  <Typography.Text data-testid="consent-purpose-text">{names.purpose(g.purpose)}</Typography.Text>
                  <Space wrap size={4}>
                    {g.data_kinds.map((k) => (
                      <Tag key={k}>{names.kind(k)}</Tag>
                    ))}
                  </Space>
                  <Typography.Text type="secondary">
                    {g.valid_until ? t('consent.until_date', { date: g.valid_until }) : t('consent.until_revoked')}
                    {g.case_id ? ` · ${t('consent.case', { id: g.case_id })}` : ` · ${t('consent.all_cases')}`}
                  </Typography.Text>
                  {g.granted_by.representation_id != null && (
                    <Typography.Text type="secondary" data-testid="consent-granted-by">
                      {t('consent.granted_by_representative', { name: g.granted_by.name ?? `#${g.granted_by.user_id}` })}
                    </Typography.Text>
                  )}
                  {g.state === 'active' && (
                    <Popconfirm
                      title={t('consent.revoke_confirm')}
                      description={t('consent.revoke_effect')}
                      okText={t('consent.revoke')}
                      okButtonProps={{ danger: true, 'data-testid': 'consent-revoke-confirm' }}
                      cancelText={t('consent.cancel')}
                      onConfirm={() => revoke(g)}
                    >
                      <Button danger size="small" data-testid="consent-revoke">{t('consent.revoke')}</Button>
                    </Popconfirm>
                  )}
                </Space>
              </List.Item>
            )}
          />
          <LoadMore hasMore={grants.hasMore} loading={grants.loading} onClick={grants.loadMore} />
        </Card>
        <Card size="small" title={t('consent.access_log')}>
          <Table<ConsentAccess>
            data-testid="consent-access-log"
            size="small"
            rowKey="id"
            loading={access.loading}
            dataSource={access.items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('consent.no_access') }}
            columns={[
              { title: t('consent.access.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
              {
                title: t('consent.access.reader'),
                key: 'reader',
                render: (_: unknown, e) => (
                  <span>
                    {e.reader_name}
                    {e.organization_name ? <Typography.Text type="secondary"> · {e.organization_name}</Typography.Text> : null}
                  </span>
                ),
              },
              { title: t('consent.purpose'), dataIndex: 'purpose', render: (v: string) => names.purpose(v) },
              { title: t('consent.access.data'), dataIndex: 'data_kind', render: (v: string) => names.kind(v) },
            ]}
          />
          <LoadMore hasMore={access.hasMore} loading={access.loading} onClick={access.loadMore} testId="consent-access-more" />
        </Card>
      </Space>
      {purposes && (
        <NewGrantModal
          open={formOpen}
          purposes={purposes}
          parties={parties}
          patient={patient}
          onClose={() => setFormOpen(false)}
          onDone={() => {
            setFormOpen(false);
            grants.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
