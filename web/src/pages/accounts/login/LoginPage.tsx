// Password login (POST /api/v1/auth/login). The server sets the HttpOnly session cookie; the SPA keeps
// only the returned user and permissions. Errors are shown localized on the form, never as a redirect.
import { useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, errorMessage, request, violationMessages } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { PublicLayout } from '../../../layouts/PublicLayout';

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const [form] = Form.useForm<LoginForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const session = await request(api.POST('/api/v1/auth/login', { body: values }), { redirectOn401: false });
      signedIn(session);
    } catch (failure) {
      setError(failure);
      form.setFields(
        violationMessages(failure, t)
          .filter((v) => v.field === 'username' || v.field === 'password')
          .map((v) => ({ name: v.field as keyof LoginForm, errors: [v.message] })),
      );
      setSubmitting(false);
    }
  };

  return (
    <PublicLayout title={t('accounts.login.title')}>
      {error !== null && (
        <Alert type="error" showIcon message={errorMessage(error, t)} style={{ marginBottom: 16 }} data-testid="login-error" />
      )}
      <Form<LoginForm> form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item
          name="username"
          label={t('accounts.login.username')}
          rules={[{ required: true, whitespace: true, message: t('accounts.login.username_required') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" placeholder={t('accounts.login.username_placeholder')} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('accounts.login.password')}
          rules={[{ required: true, message: t('accounts.login.password_required') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
          {t('accounts.login.submit')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
        {t('accounts.login.no_account')} <Link to="/register">{t('accounts.login.register_link')}</Link>
      </Typography.Paragraph>
    </PublicLayout>
  );
}
