import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  useRouterState,
} from '@tanstack/react-router';
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
import { parseOfferSearch } from '../features/offers/offer-search.ts';
import { parseOrganisationSearch } from '../features/organisations/organisation-search.ts';
import { parseGapSearch } from '../features/quality/gap-search.ts';
import { parseParticipantSearch } from '../features/participants/participant-search.ts';
import { ParticipantsPending } from '../features/participants/participants-pending.tsx';
import { UserCreatePage } from '../features/users/user-create-page.tsx';
import { UserDetailPage } from '../features/users/user-detail-page.tsx';
import { UsersPage } from '../features/users/users-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { fundingRoutes } from './funding-pages.tsx';

// The participant's feedback page (a one-time link, no account) stands outside the signed-in layout: no
// navigation, no account menu, nothing but the survey.
const PUBLIC_PAGES: readonly string[] = ['/feedback'];

function RootLayout() {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return PUBLIC_PAGES.includes(pathname) ? <Outlet /> : <AppLayout />;
}

const rootRoute = createRootRoute({
  component: RootLayout,
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

// The offer catalogue: catalogue, one offer, its forms and the providers, loaded on demand (see offer-pages.tsx).
const offerPages = () => import('./offer-pages.tsx');

const offersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/offers',
  validateSearch: parseOfferSearch,
  component: lazyRouteComponent(offerPages, 'OffersRoute'),
});

const offerCreateRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/offers/new',
  component: lazyRouteComponent(offerPages, 'OfferCreateRoute'),
});

const providersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/offers/providers',
  component: lazyRouteComponent(offerPages, 'ProvidersRoute'),
});

const offerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/offers/$offerId',
  component: lazyRouteComponent(offerPages, 'OfferRoute'),
});

const offerEditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/offers/$offerId/edit',
  component: lazyRouteComponent(offerPages, 'OfferEditRoute'),
});

// Measure careers: the municipality's counts and the rule settings, loaded on demand (see career-pages.tsx).
const careerPages = () => import('./career-pages.tsx');

const careerSummaryRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/offers/careers',
  component: lazyRouteComponent(careerPages, 'CareerSummaryRoute'),
});

const careerSettingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/careers',
  component: lazyRouteComponent(careerPages, 'CareerSettingsRoute'),
});

// Quality review: gap analysis, indicators, quality dialogues, feedback, loaded on demand (see quality-pages.tsx).
const qualityPages = () => import('./quality-pages.tsx');

const gapRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/offers/gaps',
  validateSearch: parseGapSearch,
  component: lazyRouteComponent(qualityPages, 'GapRoute'),
});

const qualityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/quality',
  component: lazyRouteComponent(qualityPages, 'QualityOverviewRoute'),
});

const providerQualityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/quality/providers/$providerId',
  component: lazyRouteComponent(qualityPages, 'ProviderQualityRoute'),
});

const offerQualityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/quality/offers/$offerId',
  component: lazyRouteComponent(qualityPages, 'OfferQualityRoute'),
});

const dialoguesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/quality/dialogues',
  component: lazyRouteComponent(qualityPages, 'DialoguesRoute'),
});

const dialogueRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/quality/dialogues/$dialogueId',
  component: lazyRouteComponent(qualityPages, 'DialogueRoute'),
});

const feedbackInviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/enrolments/$enrolmentId/feedback',
  component: lazyRouteComponent(qualityPages, 'FeedbackInviteRoute'),
});

// The link is /feedback#<token>: the fragment never reaches a server's logs.
const feedbackRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/feedback',
  component: lazyRouteComponent(qualityPages, 'FeedbackPublicRoute'),
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
  offersRoute,
  offerCreateRoute,
  providersRoute,
  offerRoute,
  offerEditRoute,
  // Funding administration: its routes and their lazily loaded pages (see funding-pages.tsx).
  ...fundingRoutes(rootRoute),
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
  gapRoute,
  qualityRoute,
  providerQualityRoute,
  offerQualityRoute,
  dialoguesRoute,
  dialogueRoute,
  feedbackInviteRoute,
  feedbackRoute,
  careerSummaryRoute,
  careerSettingsRoute,
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
