// The funding administration's routes (issue 7), one block per part. Unlike the other *-pages.tsx files this
// module is part of the initial bundle: it holds only the route definitions (addresses, search validation),
// and every page component is loaded on demand from its part's own chunk (lazyRouteComponent), so that a
// caseworker who never opens /funding never downloads it (budget: 250 KB gzip).
// Each part adds its routes to its own block below and to the list that fundingRoutes returns.
import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';

// Programmes, budgets, dashboards (features/funding-programmes).
const programmePages = () => import('../features/funding-programmes/funding-programme-routes.tsx');
// Applications and grant decisions (features/funding-applications).
const applicationPages = () => import('../features/funding-applications/funding-application-routes.tsx');
// Forwarding, payment requests and the ledger (features/funding-payments).
const paymentPages = () => import('../features/funding-payments/funding-payment-routes.tsx');
// Proof of use and recovery (features/funding-proofs).
const proofPages = () => import('../features/funding-proofs/funding-proof-routes.tsx');
// The innovation fund FB5 (features/innovation-fund).
const innovationPages = () => import('../features/innovation-fund/innovation-fund-routes.tsx');

/** The funding routes under the application's root route (router.tsx adds them to its tree). */
export function fundingRoutes<TParent extends AnyRoute>(parent: TParent) {
  // --- Programmes, budgets, dashboards ---
  const hub = createRoute({
    getParentRoute: () => parent,
    path: '/funding',
    component: lazyRouteComponent(programmePages, 'FundingHubRoute'),
  });
  const programmes = createRoute({
    getParentRoute: () => parent,
    path: '/funding/programmes',
    component: lazyRouteComponent(programmePages, 'ProgrammesRoute'),
  });
  const programme = createRoute({
    getParentRoute: () => parent,
    path: '/funding/programmes/$programmeId',
    component: lazyRouteComponent(programmePages, 'ProgrammeRoute'),
  });
  const programmeNewVersion = createRoute({
    getParentRoute: () => parent,
    path: '/funding/programmes/$programmeId/new-version',
    component: lazyRouteComponent(programmePages, 'ProgrammeVersionCreateRoute'),
  });
  const budgets = createRoute({
    getParentRoute: () => parent,
    path: '/funding/budgets',
    component: lazyRouteComponent(programmePages, 'BudgetsRoute'),
  });

  // --- Applications and grant decisions (features/funding-applications) ---
  const applications = createRoute({
    getParentRoute: () => parent,
    path: '/funding/applications',
    component: lazyRouteComponent(applicationPages, 'ApplicationsRoute'),
  });
  const applicationNew = createRoute({
    getParentRoute: () => parent,
    path: '/funding/applications/new',
    component: lazyRouteComponent(applicationPages, 'ApplicationNewRoute'),
  });
  const application = createRoute({
    getParentRoute: () => parent,
    path: '/funding/applications/$applicationId',
    component: lazyRouteComponent(applicationPages, 'ApplicationRoute'),
  });
  const grants = createRoute({
    getParentRoute: () => parent,
    path: '/funding/grants',
    component: lazyRouteComponent(applicationPages, 'GrantsRoute'),
  });
  const grant = createRoute({
    getParentRoute: () => parent,
    path: '/funding/grants/$grantId',
    component: lazyRouteComponent(applicationPages, 'GrantRoute'),
  });

  // --- Forwarding, payment requests, ledger (features/funding-payments) ---
  const grantPayments = createRoute({
    getParentRoute: () => parent,
    path: '/funding/grants/$grantId/payments',
    component: lazyRouteComponent(paymentPages, 'GrantPaymentsRoute'),
  });
  const grantForwarding = createRoute({
    getParentRoute: () => parent,
    path: '/funding/grants/$grantId/forwarding',
    component: lazyRouteComponent(paymentPages, 'GrantForwardingRoute'),
  });
  const payments = createRoute({
    getParentRoute: () => parent,
    path: '/funding/payments',
    component: lazyRouteComponent(paymentPages, 'PaymentsRoute'),
  });
  const contracts = createRoute({
    getParentRoute: () => parent,
    path: '/funding/contracts',
    component: lazyRouteComponent(paymentPages, 'ContractsRoute'),
  });

  // --- Proof of use, recovery (features/funding-proofs) ---
  const proofs = createRoute({
    getParentRoute: () => parent,
    path: '/funding/proofs',
    component: lazyRouteComponent(proofPages, 'ProofsRoute'),
  });
  const proof = createRoute({
    getParentRoute: () => parent,
    path: '/funding/proofs/$proofId',
    component: lazyRouteComponent(proofPages, 'ProofRoute'),
  });
  const grantProofs = createRoute({
    getParentRoute: () => parent,
    path: '/funding/grants/$grantId/proofs',
    component: lazyRouteComponent(proofPages, 'GrantProofsRoute'),
  });

  // --- Innovation fund FB5 (features/innovation-fund) ---
  const innovationCalls = createRoute({
    getParentRoute: () => parent,
    path: '/funding/innovation',
    component: lazyRouteComponent(innovationPages, 'InnovationCallsRoute'),
  });
  const innovationCall = createRoute({
    getParentRoute: () => parent,
    path: '/funding/innovation/calls/$callId',
    component: lazyRouteComponent(innovationPages, 'InnovationCallRoute'),
  });
  const innovationProposal = createRoute({
    getParentRoute: () => parent,
    path: '/funding/innovation/proposals/$proposalId',
    component: lazyRouteComponent(innovationPages, 'InnovationProposalRoute'),
  });

  return [
    hub,
    programmes,
    programme,
    programmeNewVersion,
    budgets,
    // Applications and grant decisions:
    applications,
    applicationNew,
    application,
    grants,
    grant,
    // Forwarding, payment requests, ledger:
    grantPayments,
    grantForwarding,
    payments,
    contracts,
    // Proof of use, recovery:
    proofs,
    proof,
    grantProofs,
    // Innovation fund FB5:
    innovationCalls,
    innovationCall,
    innovationProposal,
  ] as const;
}
