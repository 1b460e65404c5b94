// The route components of forwarding, payment requests and the ledger (a chunk of its own, loaded on demand by
// app/funding-pages.tsx). Each reads its address here and hands it to the feature's page; the texts register
// before the first render.
import { useParams } from '@tanstack/react-router';
import { getI18n } from 'react-i18next';
import { RequireAuth } from '../auth/require-auth.tsx';
import { ContractsPage } from './contracts-page.tsx';
import { GrantForwardingPage } from './grant-forwarding-page.tsx';
import { GrantPaymentsPage } from './grant-payments-page.tsx';
import { registerFundingPaymentTexts } from './payment-texts.ts';
import { PaymentsPage } from './payments-page.tsx';

registerFundingPaymentTexts(getI18n());

export function GrantPaymentsRoute() {
  const { grantId } = useParams({ from: '/funding/grants/$grantId/payments' });
  return (
    <RequireAuth>
      <GrantPaymentsPage key={grantId} grantId={grantId} />
    </RequireAuth>
  );
}

export function GrantForwardingRoute() {
  const { grantId } = useParams({ from: '/funding/grants/$grantId/forwarding' });
  return (
    <RequireAuth>
      <GrantForwardingPage key={grantId} grantId={grantId} />
    </RequireAuth>
  );
}

export function PaymentsRoute() {
  return (
    <RequireAuth>
      <PaymentsPage />
    </RequireAuth>
  );
}

export function ContractsRoute() {
  return (
    <RequireAuth>
      <ContractsPage />
    </RequireAuth>
  );
}
