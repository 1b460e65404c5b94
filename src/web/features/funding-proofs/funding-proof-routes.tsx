// The route components of proofs of use and recovery (a chunk of its own, loaded on demand by
// app/funding-pages.tsx). Each reads its address here and hands it to the feature's page; the texts register
// before the first render.
import { useNavigate, useParams } from '@tanstack/react-router';
import { getI18n } from 'react-i18next';
import { RequireAuth } from '../auth/require-auth.tsx';
import { GrantProofsPage } from './grant-proofs-page.tsx';
import { ProofPage } from './proof-page.tsx';
import { registerFundingProofTexts } from './proof-texts.ts';
import { ProofsPage } from './proofs-page.tsx';

registerFundingProofTexts(getI18n());

export function ProofsRoute() {
  return (
    <RequireAuth>
      <ProofsPage />
    </RequireAuth>
  );
}

export function ProofRoute() {
  const { proofId } = useParams({ from: '/funding/proofs/$proofId' });
  return (
    <RequireAuth>
      <ProofPage key={proofId} proofId={proofId} />
    </RequireAuth>
  );
}

export function GrantProofsRoute() {
  const { grantId } = useParams({ from: '/funding/grants/$grantId/proofs' });
  const navigate = useNavigate();
  return (
    <RequireAuth>
      <GrantProofsPage
        key={grantId}
        grantId={grantId}
        onCreated={(proofId) => void navigate({ to: '/funding/proofs/$proofId', params: { proofId } })}
      />
    </RequireAuth>
  );
}
