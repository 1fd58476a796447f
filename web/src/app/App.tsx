// Providers (antd locale, auth) and the route tree: public login/registration pages, then the
// signed-in layout whose pages come from routes.tsx, each guarded by its named permission.
import { Suspense, lazy, useEffect, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { onUnauthorized } from '../api/client';
import { AuthProvider, useAuth } from '../auth/AuthContext';
import { PageErrorBoundary } from '../components/PageErrorBoundary';
import { PageLoading } from '../components/PageLoading';
import { ErrorResult } from '../components/ErrorResult';
import BasicLayout from '../layouts/BasicLayout';
import { appRoutes, type AppRoute } from './routes';

const LoginPage = lazy(() => import('../pages/accounts/login/LoginPage'));
const RegisterPage = lazy(() => import('../pages/accounts/register/RegisterPage'));
const CertificatePage = lazy(() => import('../pages/insurance/certificate/CertificatePage'));
const IncidentCheckPage = lazy(() => import('../pages/incidents/check/IncidentCheckPage'));
const WitnessVerifyPage = lazy(() => import('../pages/witnessing/verify/WitnessVerifyPage'));
const ForbiddenPage = lazy(() => import('../pages/exception/forbidden/ForbiddenPage'));
const NotFoundPage = lazy(() => import('../pages/exception/not-found/NotFoundPage'));

export default function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en-US' ? enUS : zhCN} theme={{ token: { colorPrimary: '#0b6e99' } }}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <UnauthorizedBridge />
            <Suspense fallback={<PageLoading />}>
              <Routes>
                <Route path="/login" element={<PublicOnly page={<LoginPage />} />} />
                <Route path="/register" element={<PublicOnly page={<RegisterPage />} />} />
                <Route path="/certificates/:code" element={<CertificatePage />} />
                <Route path="/incidents-check" element={<IncidentCheckPage />} />
                <Route path="/verify/witness/:publicId" element={<WitnessVerifyPage />} />
                <Route element={<RequireAuth />}>
                  {appRoutes.map((route) => (
                    <Route key={route.path} path={route.path} element={<Guarded route={route} />} />
                  ))}
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** Lets the API client send a 401 to the login page through the router (no reload). */
function UnauthorizedBridge() {
  const navigate = useNavigate();
  const location = useLocation();
  const { signedOut } = useAuth();
  useEffect(() => {
    onUnauthorized(() => {
      signedOut();
      const next = location.pathname + location.search;
      void navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
    });
  }, [navigate, location, signedOut]);
  return null;
}

function SessionGate({ children }: { children: ReactNode }) {
  const { status, error, reload } = useAuth();
  if (status === 'loading') return <PageLoading />;
  if (status === 'failed') return <ErrorResult error={error} onRetry={reload} />;
  return <>{children}</>;
}

function PublicOnly({ page }: { page: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'signed_in') {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
  }
  return <SessionGate>{page}</SessionGate>;
}

function RequireAuth() {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'anonymous') {
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  return (
    <SessionGate>
      <BasicLayout />
    </SessionGate>
  );
}

function Guarded({ route }: { route: AppRoute }) {
  const { has } = useAuth();
  const Page = route.page;
  return (
    <PageErrorBoundary key={route.path}>
      <Suspense fallback={<PageLoading />}>{has(route.permission) ? <Page /> : <ForbiddenPage />}</Suspense>
    </PageErrorBoundary>
  );
}
