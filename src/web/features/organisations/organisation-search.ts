// The list's filters live in the address (?q=…&kind=…), so that a search can be bookmarked and the
// back button returns to it. Pure: no I/O.
import { organisationKinds } from '../../../organisations/organisation.schema.ts';
import type { OrganisationKind } from './organisation-form-values.ts';

// A type, not an interface: it must be assignable to the router's record of search parameters.
export type OrganisationSearchParams = {
  q?: string;
  kind?: OrganisationKind;
};

const MAX_QUERY_LENGTH = 100;

function isKind(value: unknown): value is OrganisationKind {
  return typeof value === 'string' && (organisationKinds as readonly string[]).includes(value);
}

/** Whatever stands in the address, reduced to filters the API accepts; anything else is dropped. */
export function parseOrganisationSearch(search: Record<string, unknown>): OrganisationSearchParams {
  const parsed: OrganisationSearchParams = {};
  const q = typeof search.q === 'string' ? search.q.trim().slice(0, MAX_QUERY_LENGTH) : '';
  if (q) parsed.q = q;
  if (isKind(search.kind)) parsed.kind = search.kind;
  return parsed;
}
