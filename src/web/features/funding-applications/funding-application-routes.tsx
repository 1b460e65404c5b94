// The route components of applications and grant decisions (a chunk of its own, loaded on demand by
// app/funding-pages.tsx). Each reads its address here and hands it to the feature's page; the texts register
// before the first render.
import { useNavigate, useParams } from '@tanstack/react-router';
import { getI18n } from 'react-i18next';
import { RequireAuth } from '../auth/require-auth.tsx';
import { ApplicationNewPage } from './application-new-page.tsx';
import { ApplicationPage } from './application-page.tsx';
import { registerFundingApplicationTexts } from './application-texts.ts';
import { ApplicationsPage } from './applications-page.tsx';
import { GrantPage } from './grant-page.tsx';
import { GrantsPage } from './grants-page.tsx';

registerFundingApplicationTexts(getI18n());

export function ApplicationsRoute() {
  return (
    <RequireAuth>
      <ApplicationsPage />
    </RequireAuth>
  );
}

export function ApplicationNewRoute() {
  const navigate = useNavigate();
  return (
    <RequireAuth>
      <ApplicationNewPage
        onCreated={(applicationId) =>
          void navigate({ to: '/funding/applications/$applicationId', params: { applicationId } })
        }
      />
    </RequireAuth>
  );
}

export function ApplicationRoute() {
  const { applicationId } = useParams({ from: '/funding/applications/$applicationId' });
  const navigate = useNavigate();
  return (
    <RequireAuth>
      <ApplicationPage
        key={applicationId}
        applicationId={applicationId}
        onDecided={(grantId) => void navigate({ to: '/funding/grants/$grantId', params: { grantId } })}
      />
    </RequireAuth>
  );
}

export function GrantsRoute() {
  return (
    <RequireAuth>
      <GrantsPage />
    </RequireAuth>
  );
}

export function GrantRoute() {
  const { grantId } = useParams({ from: '/funding/grants/$grantId' });
  return (
    <RequireAuth>
      <GrantPage key={grantId} grantId={grantId} />
    </RequireAuth>
  );
}
