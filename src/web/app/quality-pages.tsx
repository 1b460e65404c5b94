// The quality review's pages, loaded on demand (a chunk of their own, not in the initial bundle): the gap
// analysis, the indicators of providers and offers, the quality dialogues, asking for feedback, and the public
// feedback page. Each route component reads its address here and hands it to the feature's page.
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { getI18n } from 'react-i18next';
import { RequireAuth } from '../features/auth/require-auth.tsx';
import { DialoguePage } from '../features/quality/dialogue-page.tsx';
import { DialoguesPage } from '../features/quality/dialogues-page.tsx';
import { FeedbackInvitePage } from '../features/quality/feedback-invite-page.tsx';
import { FeedbackPublicPage } from '../features/quality/feedback-public-page.tsx';
import { GapPage } from '../features/quality/gap-page.tsx';
import { parseGapSearch } from '../features/quality/gap-search.ts';
import { OfferQualityPage } from '../features/quality/offer-quality-page.tsx';
import { ProviderQualityPage } from '../features/quality/provider-quality-page.tsx';
import { QualityOverviewPage } from '../features/quality/quality-overview-page.tsx';
import { registerQualityTexts } from '../features/quality/quality-texts.ts';

// Before the first render of any page of this chunk.
registerQualityTexts(getI18n());

export function GapRoute() {
  const params = parseGapSearch(useSearch({ from: '/offers/gaps' }));
  const navigate = useNavigate();
  return (
    <RequireAuth>
      <GapPage params={params} onSearch={(next) => void navigate({ to: '/offers/gaps', search: next })} />
    </RequireAuth>
  );
}

export function QualityOverviewRoute() {
  return (
    <RequireAuth>
      <QualityOverviewPage />
    </RequireAuth>
  );
}

export function ProviderQualityRoute() {
  const { providerId } = useParams({ from: '/quality/providers/$providerId' });
  return (
    <RequireAuth>
      <ProviderQualityPage key={providerId} providerId={providerId} />
    </RequireAuth>
  );
}

export function OfferQualityRoute() {
  const { offerId } = useParams({ from: '/quality/offers/$offerId' });
  return (
    <RequireAuth>
      <OfferQualityPage key={offerId} offerId={offerId} />
    </RequireAuth>
  );
}

export function DialoguesRoute() {
  return (
    <RequireAuth>
      <DialoguesPage />
    </RequireAuth>
  );
}

export function DialogueRoute() {
  const { dialogueId } = useParams({ from: '/quality/dialogues/$dialogueId' });
  return (
    <RequireAuth>
      <DialoguePage key={dialogueId} dialogueId={dialogueId} />
    </RequireAuth>
  );
}

export function FeedbackInviteRoute() {
  const { enrolmentId } = useParams({ from: '/enrolments/$enrolmentId/feedback' });
  return (
    <RequireAuth>
      <FeedbackInvitePage key={enrolmentId} enrolmentId={enrolmentId} />
    </RequireAuth>
  );
}

/** No account: the participant's page through a one-time link (outside the signed-in layout). */
export function FeedbackPublicRoute() {
  return <FeedbackPublicPage />;
}
