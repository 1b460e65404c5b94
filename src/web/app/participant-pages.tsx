// The participant pages, loaded on demand (a chunk of their own, not in the initial bundle). Each route
// component reads its address here and hands it to the feature's page; the feature stays unaware of the
// router's route tree.
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { getI18n } from 'react-i18next';
import { RequireAuth } from '../features/auth/require-auth.tsx';
import { ParticipantCreatePage } from '../features/participants/participant-create-page.tsx';
import { ParticipantDetailPage } from '../features/participants/participant-detail-page.tsx';
import { ParticipantImportPage } from '../features/participants/participant-import-page.tsx';
import { parseParticipantSearch } from '../features/participants/participant-search.ts';
import { ParticipantsPage } from '../features/participants/participants-page.tsx';
import { registerParticipantTexts } from '../features/participants/texts.ts';

// The pages' texts come with this chunk; they are in place before any of its pages renders.
registerParticipantTexts(getI18n());

export function ParticipantsRoute() {
  // The router keeps unknown parameters next to the validated ones; only the validated ones reach the page.
  const search = parseParticipantSearch(useSearch({ from: '/participants' }));
  const navigate = useNavigate();
  // Public like the other area pages: signed out, the page itself says how to sign in.
  return <ParticipantsPage search={search} onSearch={(next) => void navigate({ to: '/participants', search: next })} />;
}

export function ParticipantCreateRoute() {
  return (
    <RequireAuth>
      <ParticipantCreatePage />
    </RequireAuth>
  );
}

export function ParticipantImportRoute() {
  return (
    <RequireAuth>
      <ParticipantImportPage />
    </RequireAuth>
  );
}

export function ParticipantDetailRoute() {
  const { participantId } = useParams({ from: '/participants/$participantId' });
  return (
    <RequireAuth>
      {/* Another participant is another page: nothing of the previous one's forms survives. */}
      <ParticipantDetailPage key={participantId} participantId={participantId} />
    </RequireAuth>
  );
}
