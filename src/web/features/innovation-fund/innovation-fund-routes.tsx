// The route components of the innovation fund (a chunk of its own, loaded on demand by app/funding-pages.tsx).
// Each reads its address here and hands it to the feature's page; the texts register before the first render.
import { useNavigate, useParams } from '@tanstack/react-router';
import { getI18n } from 'react-i18next';
import { RequireAuth } from '../auth/require-auth.tsx';
import { CallPage } from './call-page.tsx';
import { CallsPage } from './calls-page.tsx';
import { registerInnovationTexts } from './innovation-texts.ts';
import { ProposalPage } from './proposal-page.tsx';

registerInnovationTexts(getI18n());

export function InnovationCallsRoute() {
  const navigate = useNavigate();
  return (
    <RequireAuth>
      <CallsPage
        onProposalCreated={(proposalId) =>
          void navigate({ to: '/funding/innovation/proposals/$proposalId', params: { proposalId } })
        }
      />
    </RequireAuth>
  );
}

export function InnovationCallRoute() {
  const { callId } = useParams({ from: '/funding/innovation/calls/$callId' });
  return (
    <RequireAuth>
      <CallPage key={callId} callId={callId} />
    </RequireAuth>
  );
}

export function InnovationProposalRoute() {
  const { proposalId } = useParams({ from: '/funding/innovation/proposals/$proposalId' });
  return (
    <RequireAuth>
      <ProposalPage key={proposalId} proposalId={proposalId} />
    </RequireAuth>
  );
}
