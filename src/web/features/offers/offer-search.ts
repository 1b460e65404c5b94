// The catalogue's filters live in the address (/offers?q=…&type=…), so that a search can be bookmarked and the
// back button returns to it. Pure: no I/O. The router validates the address with this file in the initial
// bundle, so it imports only code lists.
import { offerStatuses, offerStrands, offerTypes } from '../../../offers/offer.codes.ts';
import { cefrLevels } from '../../../participants/participant.codes.ts';

export const OFFER_SORTS = ['title', 'startsOn', '-startsOn', 'place'] as const;
export type OfferSort = (typeof OFFER_SORTS)[number];

const TEXT_KEYS = ['q', 'place', 'supportLanguage', 'providerId', 'from', 'to'] as const;
const FLAG_KEYS = ['hasFreeSeats', 'childcare', 'accessible'] as const;

// A type, not an interface: it must be assignable to the router's record of search parameters.
export type OfferSearch = {
  q?: string;
  type?: string;
  strand?: string;
  status?: string;
  maxEntryLevel?: string;
  place?: string;
  supportLanguage?: string;
  providerId?: string;
  from?: string;
  to?: string;
  hasFreeSeats?: 'true';
  childcare?: 'true';
  accessible?: 'true';
  sort?: OfferSort;
};

function oneOf(value: unknown, allowed: readonly string[]): string | undefined {
  return typeof value === 'string' && allowed.includes(value) ? value : undefined;
}

/** Keeps only known parameters with valid values (anything else in the address is ignored). */
export function parseOfferSearch(raw: Record<string, unknown>): OfferSearch {
  const search: OfferSearch = {};
  const type = oneOf(raw.type, offerTypes);
  if (type) search.type = type;
  const strand = oneOf(raw.strand, [...offerStrands, 'none']);
  if (strand) search.strand = strand;
  const status = oneOf(raw.status, offerStatuses);
  if (status) search.status = status;
  const level = oneOf(raw.maxEntryLevel, cefrLevels);
  if (level) search.maxEntryLevel = level;
  for (const key of TEXT_KEYS) {
    const value = raw[key];
    if (typeof value === 'string' && value.trim() !== '' && value.length <= 200) search[key] = value.trim();
  }
  for (const key of FLAG_KEYS) if (raw[key] === 'true' || raw[key] === true) search[key] = 'true';
  const sort = oneOf(raw.sort, OFFER_SORTS);
  if (sort) search.sort = sort as OfferSort;
  return search;
}

/** The API's query parameters of a search. */
export function offerFilters(search: OfferSearch): Record<string, string | undefined> {
  return { ...search, sort: search.sort ?? 'title' };
}
