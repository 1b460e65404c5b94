// The offer catalogue's pages, loaded on demand (a chunk of their own, not in the initial bundle): the
// catalogue, one offer, creating and changing an offer, the providers. Each route component reads its address
// here and hands it to the feature's page.
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { RequireAuth } from '../features/auth/require-auth.tsx';
import { OfferCataloguePage } from '../features/offers/offer-catalogue-page.tsx';
import { OfferDetailPage } from '../features/offers/offer-detail-page.tsx';
import { OfferCreatePage, OfferEditPage } from '../features/offers/offer-form.tsx';
import { parseOfferSearch } from '../features/offers/offer-search.ts';
import { registerOfferTexts } from '../features/offers/offer-texts.ts';
import { ProvidersPage } from '../features/offers/providers-page.tsx';

// Before the first render of any page of this chunk.
registerOfferTexts();

export function OffersRoute() {
  // The router keeps unknown parameters next to the validated ones; only the validated ones reach the page.
  const search = parseOfferSearch(useSearch({ from: '/offers' }));
  const navigate = useNavigate();
  // Public like the other area pages (the navigation never leads to a login wall): signed out, the page says
  // how to get in.
  return <OfferCataloguePage search={search} onSearch={(next) => void navigate({ to: '/offers', search: next })} />;
}

export function OfferCreateRoute() {
  return (
    <RequireAuth>
      <OfferCreatePage />
    </RequireAuth>
  );
}

export function OfferRoute() {
  const { offerId } = useParams({ from: '/offers/$offerId' });
  return (
    <RequireAuth>
      {/* Another offer is another page: nothing of the previous one's forms survives. */}
      <OfferDetailPage key={offerId} offerId={offerId} />
    </RequireAuth>
  );
}

export function OfferEditRoute() {
  const { offerId } = useParams({ from: '/offers/$offerId/edit' });
  return (
    <RequireAuth>
      <OfferEditPage key={offerId} offerId={offerId} />
    </RequireAuth>
  );
}

export function ProvidersRoute() {
  return (
    <RequireAuth>
      <ProvidersPage />
    </RequireAuth>
  );
}
