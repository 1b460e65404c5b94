// The administration's pages, loaded on demand (a chunk of its own, not in the initial bundle). Each
// route component reads its address here and hands it to the feature's page; the features stay
// unaware of the router's route tree and of each other.
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { PermissionsPage } from '../features/access/permissions-page.tsx';
import { AdminHubPage } from '../features/admin-hub/admin-hub-page.tsx';
import { RequireAuth } from '../features/auth/require-auth.tsx';
import { OrganisationCreatePage } from '../features/organisations/organisation-create-page.tsx';
import { OrganisationDetailPage } from '../features/organisations/organisation-detail-page.tsx';
import { OrganisationsPage } from '../features/organisations/organisations-page.tsx';
import { parseOrganisationSearch } from '../features/organisations/organisation-search.ts';

export function AdminHubRoute() {
  return <AdminHubPage />;
}

export function OrganisationsRoute() {
  // The router keeps unknown parameters next to the validated ones; only the validated ones reach the page.
  const search = parseOrganisationSearch(useSearch({ from: '/admin/organisations' }));
  const navigate = useNavigate();
  return (
    <RequireAuth>
      <OrganisationsPage
        search={search}
        onSearch={(next) => void navigate({ to: '/admin/organisations', search: next })}
      />
    </RequireAuth>
  );
}

export function OrganisationCreateRoute() {
  return (
    <RequireAuth>
      <OrganisationCreatePage />
    </RequireAuth>
  );
}

export function OrganisationDetailRoute() {
  const { organisationId } = useParams({ from: '/admin/organisations/$organisationId' });
  return (
    <RequireAuth>
      {/* Another organisation is another page: nothing of the previous one's form survives. */}
      <OrganisationDetailPage key={organisationId} organisationId={organisationId} />
    </RequireAuth>
  );
}

export function PermissionsRoute() {
  return (
    <RequireAuth>
      <PermissionsPage />
    </RequireAuth>
  );
}
