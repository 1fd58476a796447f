// Every page of the signed-in application: its path, the named permission it needs, the i18n key of
// its menu label, and its lazily loaded component. The menu is built from this table and the user's
// permissions — never from role names.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AccountBookOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BellOutlined,
  CalculatorOutlined,
  ExperimentOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FundOutlined,
  HomeOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';

export interface AppRoute {
  /** URL path under the layout. */
  path: string;
  /** Named permission from /api/v1/me; undefined = every signed-in user. */
  permission?: string;
  /** i18n key of the menu label and page title. */
  labelKey: string;
  icon: ReactNode;
  /** Shown in the side menu. */
  menu: boolean;
  page: LazyExoticComponent<ComponentType>;
}

export const appRoutes: AppRoute[] = [
  {
    path: '/',
    labelKey: 'menu.home',
    icon: <HomeOutlined />,
    menu: true,
    page: lazy(() => import('../pages/home/workbench/HomePage')),
  },
  {
    path: '/notifications',
    permission: 'notifications.read',
    labelKey: 'menu.notifications',
    icon: <BellOutlined />,
    menu: true,
    page: lazy(() => import('../pages/notifications/list/NotificationsPage')),
  },
  {
    path: '/disputes/my-cases',
    permission: 'cases.read_own',
    labelKey: 'menu.my_cases',
    icon: <SolutionOutlined />,
    menu: true,
    page: lazy(() => import('../pages/disputes/my-cases/MyCasesPage')),
  },
  {
    path: '/disputes/complaints/new',
    permission: 'complaints.file',
    labelKey: 'disputes.complaint.title',
    icon: <SolutionOutlined />,
    menu: false,
    page: lazy(() => import('../pages/disputes/complaint-form/ComplaintFormPage')),
  },
  {
    path: '/disputes/cases',
    permission: 'cases.read',
    labelKey: 'menu.cases',
    icon: <SolutionOutlined />,
    menu: true,
    page: lazy(() => import('../pages/disputes/cases/CasesPage')),
  },
  {
    path: '/disputes/cases/:id',
    labelKey: 'menu.cases',
    icon: <SolutionOutlined />,
    menu: false,
    page: lazy(() => import('../pages/disputes/case-detail/CaseDetailPage')),
  },
  {
    path: '/consent',
    permission: 'consents.manage',
    labelKey: 'menu.consents',
    icon: <SafetyOutlined />,
    menu: true,
    page: lazy(() => import('../pages/consent/center/ConsentCenterPage')),
  },
  {
    path: '/insurance/my-policies',
    permission: 'policies.read_own',
    labelKey: 'menu.my_policies',
    icon: <FileProtectOutlined />,
    menu: true,
    page: lazy(() => import('../pages/insurance/my-policies/MyPoliciesPage')),
  },
  {
    path: '/insurance/visit-policies',
    permission: 'visit_policies.buy',
    labelKey: 'menu.visit_policies',
    icon: <FileProtectOutlined />,
    menu: true,
    page: lazy(() => import('../pages/insurance/visit-policies/VisitPoliciesPage')),
  },
  {
    path: '/insurance/compliance',
    permission: 'compliance.read',
    labelKey: 'menu.compliance',
    icon: <SafetyCertificateOutlined />,
    menu: true,
    page: lazy(() => import('../pages/insurance/compliance/CompliancePage')),
  },
  {
    path: '/insurance/products',
    permission: 'products.read',
    labelKey: 'menu.products',
    icon: <SafetyCertificateOutlined />,
    menu: true,
    page: lazy(() => import('../pages/insurance/products/ProductsPage')),
  },
  {
    path: '/insurance/quotes',
    permission: 'quotes.create',
    labelKey: 'menu.quotes',
    icon: <CalculatorOutlined />,
    menu: true,
    page: lazy(() => import('../pages/insurance/quotes/QuotePage')),
  },
  {
    path: '/insurance/policies',
    permission: 'policies.read',
    labelKey: 'menu.policies',
    icon: <FileSearchOutlined />,
    menu: true,
    page: lazy(() => import('../pages/insurance/policies/PoliciesPage')),
  },
  {
    path: '/claims',
    permission: 'claims.read',
    labelKey: 'menu.claims',
    icon: <AccountBookOutlined />,
    menu: true,
    page: lazy(() => import('../pages/claims/list/ClaimsPage')),
  },
  {
    path: '/claims/portfolio',
    permission: 'claims.read',
    labelKey: 'claims.portfolio.title',
    icon: <AccountBookOutlined />,
    menu: false,
    page: lazy(() => import('../pages/claims/portfolio/PortfolioPage')),
  },
  {
    // Patients and institution officers open claims from their case page; the server decides who may read.
    path: '/claims/:id',
    labelKey: 'menu.claims',
    icon: <AccountBookOutlined />,
    menu: false,
    page: lazy(() => import('../pages/claims/workspace/ClaimWorkspacePage')),
  },
  {
    path: '/appraisal/workspace',
    permission: 'appraisal.opine',
    labelKey: 'menu.appraisal_workspace',
    icon: <ExperimentOutlined />,
    menu: true,
    page: lazy(() => import('../pages/appraisal/workspace/WorkspacePage')),
  },
  {
    path: '/appraisal/pool',
    permission: 'experts.manage',
    labelKey: 'menu.appraisal_pool',
    icon: <ApartmentOutlined />,
    menu: true,
    page: lazy(() => import('../pages/appraisal/pool/PoolPage')),
  },
  {
    path: '/compensation/calculator',
    permission: 'compensation.calculate',
    labelKey: 'menu.compensation',
    icon: <CalculatorOutlined />,
    menu: true,
    page: lazy(() => import('../pages/compensation/calculator/CalculatorPage')),
  },
  {
    path: '/accounts/organizations',
    permission: 'organizations.manage',
    labelKey: 'menu.organizations',
    icon: <BankOutlined />,
    menu: true,
    page: lazy(() => import('../pages/accounts/organizations/OrganizationsPage')),
  },
  {
    path: '/accounts/users',
    permission: 'users.manage',
    labelKey: 'menu.users',
    icon: <TeamOutlined />,
    menu: true,
    page: lazy(() => import('../pages/accounts/users/UsersPage')),
  },
  {
    path: '/actuarial',
    permission: 'actuarial.read',
    labelKey: 'menu.actuarial',
    icon: <FundOutlined />,
    menu: true,
    page: lazy(() => import('../pages/actuarial/reserving/ActuarialPage')),
  },
  {
    path: '/audit/log',
    permission: 'audit.read',
    labelKey: 'menu.audit',
    icon: <AuditOutlined />,
    menu: true,
    page: lazy(() => import('../pages/audit/log/AuditLogPage')),
  },
];
