// Patient self-registration by mobile phone: request a one-time code (POST /auth/registration-codes),
// then submit code, password and name (POST /auth/registrations → 201 Session, signed in).
import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, errorMessage, request, violationMessages } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { PublicLayout } from '../../../layouts/PublicLayout';

interface RegisterForm {
  phone: string;
  code: string;
  display_name: string;
  password: string;
  confirm: string;
}

/** Mainland China mobile numbers: 11 digits starting 13–19. */
const PHONE_PATTERN = /^1[3-9]\d{9}$/;
const RESEND_SECONDS = 60;
const MIN_PASSWORD_LENGTH = 10; // server policy: accounts::kPasswordMinLength, two of letters, digits, symbols

/** How many of letters, digits and other characters a password uses. */
function passwordClasses(password: string): number {
  return [/[A-Za-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
}

export default function RegisterPage() {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const [form] = Form.useForm<RegisterForm>();
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [codeSent, setCodeSent] = useState<{ minutes: number } | null>(null);
  const [cooldown, setCooldown] = useState(0);

  useEffect(() => {
    if (cooldown <= 0) return;
    const timer = window.setTimeout(() => setCooldown((s) => s - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [cooldown]);

  const showFailure = (failure: unknown) => {
    setError(failure);
    const fields = new Set<string>(['phone', 'code', 'display_name', 'password']);
    form.setFields(
      violationMessages(failure, t)
        .filter((v) => fields.has(v.field))
        .map((v) => ({ name: v.field as keyof RegisterForm, errors: [v.message] })),
    );
  };

  const sendCode = async () => {
    let phone: string;
    try {
      phone = (await form.validateFields(['phone'])).phone;
    } catch {
      return;
    }
    setSending(true);
    setError(null);
    try {
      const sent = await request(api.POST('/api/v1/auth/registration-codes', { body: { phone } }), { redirectOn401: false });
      setCodeSent({ minutes: Math.max(1, Math.round(sent.expires_in_seconds / 60)) });
      setCooldown(RESEND_SECONDS);
    } catch (failure) {
      showFailure(failure);
    } finally {
      setSending(false);
    }
  };

  const submit = async (values: RegisterForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const session = await request(
        api.POST('/api/v1/auth/registrations', {
          body: { phone: values.phone, code: values.code.trim(), password: values.password, display_name: values.display_name.trim() },
        }),
        { redirectOn401: false },
      );
      signedIn(session);
    } catch (failure) {
      showFailure(failure);
      setSubmitting(false);
    }
  };

  return (
    <PublicLayout title={t('accounts.register.title')}>
      <Typography.Paragraph type="secondary">{t('accounts.register.intro')}</Typography.Paragraph>
      {error !== null && (
        <Alert type="error" showIcon message={errorMessage(error, t)} style={{ marginBottom: 16 }} data-testid="register-error" />
      )}
      {codeSent && error === null && (
        <Alert
          type="success"
          showIcon
          message={t('accounts.register.code_sent', { minutes: codeSent.minutes })}
          style={{ marginBottom: 16 }}
          data-testid="code-sent"
        />
      )}
      <Form<RegisterForm> form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item label={t('accounts.register.phone')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="phone"
              noStyle
              rules={[
                { required: true, message: t('accounts.register.phone_required') },
                { pattern: PHONE_PATTERN, message: t('accounts.register.phone_invalid') },
              ]}
            >
              <Input inputMode="tel" autoComplete="tel" maxLength={11} placeholder={t('accounts.register.phone_placeholder')} />
            </Form.Item>
            <Button onClick={() => void sendCode()} loading={sending} disabled={cooldown > 0} data-testid="send-code">
              {cooldown > 0 ? t('accounts.register.resend_in', { seconds: cooldown }) : t('accounts.register.send_code')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item
          name="code"
          label={t('accounts.register.code')}
          rules={[{ required: true, whitespace: true, message: t('accounts.register.code_required') }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} />
        </Form.Item>
        <Form.Item
          name="display_name"
          label={t('accounts.register.display_name')}
          rules={[{ required: true, whitespace: true, message: t('accounts.register.display_name_required') }]}
        >
          <Input autoComplete="name" maxLength={50} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('accounts.register.password')}
          extra={t('accounts.register.password_hint', { min: MIN_PASSWORD_LENGTH })}
          rules={[
            { required: true, message: t('accounts.register.password_required') },
            { min: MIN_PASSWORD_LENGTH, message: t('accounts.register.password_too_short', { min: MIN_PASSWORD_LENGTH }) },
            {
              validator: (_, value?: string) =>
                !value || passwordClasses(value) >= 2
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('accounts.register.password_too_simple'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('accounts.register.confirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('accounts.register.confirm_required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('accounts.register.confirm_mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="register-submit">
          {t('accounts.register.submit')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
        {t('accounts.register.have_account')} <Link to="/login">{t('accounts.register.login_link')}</Link>
      </Typography.Paragraph>
    </PublicLayout>
  );
}
