// The route components of the funding hub, programmes and budgets (a chunk of its own, loaded on demand by
// app/funding-pages.tsx). Each reads its address here and hands it to the feature's page.
import { useParams } from '@tanstack/react-router';
import { RequireAuth } from '../auth/require-auth.tsx';
import { BudgetsPage } from './budgets-page.tsx';
import { FundingHubPage } from './funding-hub-page.tsx';
import { registerFundingProgrammeTexts } from './funding-programme-texts.ts';
import { ProgrammePage } from './programme-page.tsx';
import { ProgrammeVersionCreatePage } from './programme-version-form.tsx';
import { ProgrammesPage } from './programmes-page.tsx';

// Before the first render of any page of this chunk.
registerFundingProgrammeTexts();

/** Public like the other areas' start pages: signed out, it says how to get in (no login wall). */
export function FundingHubRoute() {
  return <FundingHubPage />;
}

export function ProgrammesRoute() {
  return (
    <RequireAuth>
      <ProgrammesPage />
    </RequireAuth>
  );
}

export function ProgrammeRoute() {
  const { programmeId } = useParams({ from: '/funding/programmes/$programmeId' });
  return (
    <RequireAuth>
      <ProgrammePage key={programmeId} programmeId={programmeId} />
    </RequireAuth>
  );
}

export function ProgrammeVersionCreateRoute() {
  const { programmeId } = useParams({ from: '/funding/programmes/$programmeId/new-version' });
  return (
    <RequireAuth>
      <ProgrammeVersionCreatePage key={programmeId} programmeId={programmeId} />
    </RequireAuth>
  );
}

export function BudgetsRoute() {
  return (
    <RequireAuth>
      <BudgetsPage />
    </RequireAuth>
  );
}
