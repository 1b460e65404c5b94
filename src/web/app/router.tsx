import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { AccessibilityStatementPage } from '../features/accessibility/accessibility-statement-page.tsx';
import { AccountPage } from '../features/account/account-page.tsx';
import { PasswordPage } from '../features/account/password-page.tsx';
import { SecondFactorPage } from '../features/account/second-factor-page.tsx';
import { AreaPage, type AreaKey } from '../features/areas/area-page.tsx';
import { AuditLogPage } from '../features/audit/audit-log-page.tsx';
import { InvitationPage } from '../features/auth/invitation-page.tsx';
import { LoginPage } from '../features/auth/login-page.tsx';
import { RequireAuth } from '../features/auth/require-auth.tsx';
import { HomePage } from '../features/home/home-page.tsx';
import { NotFoundPage } from '../features/not-found/not-found-page.tsx';
import { parseCaseloadSearch } from '../features/caseload/caseload-search.ts';
import { validateCaseSearch } from '../features/cases/case-search.ts';
import { parseOrganisationSearch } from '../features/organisations/organisation-search.ts';
import { parseParticipantSearch } from '../features/participants/participant-search.ts';
import { ParticipantsPending } from '../features/participants/participants-pending.tsx';
import { UserCreatePage } from '../features/users/user-create-page.tsx';
import { UserDetailPage } from '../features/users/user-detail-page.tsx';
import { UsersPage } from '../features/users/users-page.tsx';
import { AppLayout } from './app-layout.tsx';

const rootRoute = createRootRoute({
  component: AppLayout,
  notFoundComponent: NotFoundPage,
});

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });

const auditLogRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/audit-log',
  component: () => (
    <RequireAuth>
      <AuditLogPage />
    </RequireAuth>
  ),
});

// Accounts: sign-in, invitation, own account, user administration. `redirect` is where to go after the login.
const redirectSearch = (search: Record<string, unknown>): { redirect?: string } =>
  typeof search.redirect === 'string' ? { redirect: search.redirect } : {};

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: redirectSearch,
  component: function Login() {
    return <LoginPage redirect={loginRoute.useSearch().redirect} />;
  },
});

const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invitation',
  component: InvitationPage,
});

const accountRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account',
  component: () => (
    <RequireAuth>
      <AccountPage />
    </RequireAuth>
  ),
});

const accountPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account/password',
  validateSearch: redirectSearch,
  component: function AccountPassword() {
    return (
      <RequireAuth stages={['password_change']}>
        <PasswordPage redirect={accountPasswordRoute.useSearch().redirect} />
      </RequireAuth>
    );
  },
});

const accountSecondFactorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account/second-factor',
  validateSearch: redirectSearch,
  component: function AccountSecondFactor() {
    return (
      <RequireAuth stages={['enrolment', 'active']}>
        <SecondFactorPage redirect={accountSecondFactorRoute.useSearch().redirect} />
      </RequireAuth>
    );
  },
});

const usersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/users',
  component: () => (
    <RequireAuth>
      <UsersPage />
    </RequireAuth>
  ),
});

const userCreateRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/users/new',
  component: () => (
    <RequireAuth>
      <UserCreatePage />
    </RequireAuth>
  ),
});

const userDetailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/users/$userId',
  component: function UserDetail() {
    return (
      <RequireAuth>
        <UserDetailPage userId={userDetailRoute.useParams().userId} />
      </RequireAuth>
    );
  },
});

// Administration: organisations, teams, permissions and its start page, loaded on demand (see admin-pages.tsx).
const adminPages = () => import('./admin-pages.tsx');

const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin',
  component: lazyRouteComponent(adminPages, 'AdminHubRoute'),
});

const organisationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/organisations',
  validateSearch: parseOrganisationSearch,
  component: lazyRouteComponent(adminPages, 'OrganisationsRoute'),
});

const organisationCreateRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/organisations/new',
  component: lazyRouteComponent(adminPages, 'OrganisationCreateRoute'),
});

const organisationDetailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/organisations/$organisationId',
  component: lazyRouteComponent(adminPages, 'OrganisationDetailRoute'),
});

const permissionsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/permissions',
  component: lazyRouteComponent(adminPages, 'PermissionsRoute'),
});

// Participants: search, intake, the participant page, loaded on demand (see participant-pages.tsx).
const participantPages = () => import('./participant-pages.tsx');

const participantsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/participants',
  validateSearch: parseParticipantSearch,
  component: lazyRouteComponent(participantPages, 'ParticipantsRoute'),
  // The area's heading at once while the chunk loads (also for the navigation's first visit).
  pendingComponent: ParticipantsPending,
  pendingMs: 0,
  pendingMinMs: 0,
});

const participantCreateRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/participants/new',
  component: lazyRouteComponent(participantPages, 'ParticipantCreateRoute'),
});

const participantImportRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/participants/import',
  component: lazyRouteComponent(participantPages, 'ParticipantImportRoute'),
});

const participantDetailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/participants/$participantId',
  component: lazyRouteComponent(participantPages, 'ParticipantDetailRoute'),
});

// Case work: the caseload, the case page and the municipal policy, loaded on demand (see case-pages.tsx).
const casePages = () => import('./case-pages.tsx');

const caseloadRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/caseload',
  validateSearch: parseCaseloadSearch,
  component: lazyRouteComponent(casePages, 'CaseloadRoute'),
});

const caseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cases/$caseId',
  validateSearch: validateCaseSearch,
  component: lazyRouteComponent(casePages, 'CaseRoute'),
});

const policyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/policy',
  component: lazyRouteComponent(casePages, 'PolicyRoute'),
});

const accessibilityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/accessibility',
  component: AccessibilityStatementPage,
});

function areaRoute<const TPath extends `/${AreaKey}`>(path: TPath, area: AreaKey) {
  return createRoute({ getParentRoute: () => rootRoute, path, component: () => <AreaPage area={area} /> });
}

const routeTree = rootRoute.addChildren([
  homeRoute,
  participantsRoute,
  participantCreateRoute,
  participantImportRoute,
  participantDetailRoute,
  caseloadRoute,
  caseRoute,
  policyRoute,
  areaRoute('/offers', 'offers'),
  areaRoute('/funding', 'funding'),
  areaRoute('/alliance', 'alliance'),
  areaRoute('/reports', 'reports'),
  adminRoute,
  organisationsRoute,
  organisationCreateRoute,
  organisationDetailRoute,
  permissionsRoute,
  auditLogRoute,
  loginRoute,
  invitationRoute,
  accountRoute,
  accountPasswordRoute,
  accountSecondFactorRoute,
  usersRoute,
  userCreateRoute,
  userDetailRoute,
  accessibilityRoute,
]);

export function createAppRouter() {
  return createRouter({
    routeTree,
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
