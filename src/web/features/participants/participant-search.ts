// The search's filters and sort live in the address (?q=…&residenceStatus=…&sort=…), so that a search can be
// bookmarked and the back button returns to it. Pure: no I/O.
import {
  genders,
  residenceStatuses,
  type Gender,
  type ResidenceStatus,
} from '../../../participants/participant.codes.ts';

/** Sorts offered in the search (a subset of the API's allow-list), ascending or descending. */
export const SEARCH_SORTS = ['familyName', 'number', 'birthDate', 'createdAt'] as const;
export type SearchSortField = (typeof SEARCH_SORTS)[number];
export type SearchSort = SearchSortField | `-${SearchSortField}`;
export const DEFAULT_SORT: SearchSort = 'familyName';

// A type, not an interface: it must be assignable to the router's record of search parameters.
export type ParticipantSearchParams = {
  q?: string;
  birthDate?: string;
  residenceStatus?: ResidenceStatus;
  gender?: Gender;
  cityDistrict?: string;
  hasOpenCase?: boolean;
  blocked?: boolean;
  sort?: SearchSort;
};

const MAX_QUERY_LENGTH = 200;
const MAX_DISTRICT_LENGTH = 120;

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

function text(value: unknown, max: number): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim().slice(0, max) : '';
  return trimmed === '' ? undefined : trimmed;
}

/** The router reads `?blocked=true` as a boolean; a hand-typed address may carry the text. */
function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  return date.getUTCFullYear() === year && date.getUTCMonth() + 1 === month && date.getUTCDate() === day
    ? value
    : undefined;
}

function isSort(value: unknown): value is SearchSort {
  if (typeof value !== 'string') return false;
  return oneOf(SEARCH_SORTS, value.startsWith('-') ? value.slice(1) : value);
}

/** Whatever stands in the address, reduced to filters the API accepts; anything else is dropped. */
export function parseParticipantSearch(search: Record<string, unknown>): ParticipantSearchParams {
  const parsed: ParticipantSearchParams = {};
  const q = text(search.q, MAX_QUERY_LENGTH);
  if (q) parsed.q = q;
  const birthDate = isoDate(search.birthDate);
  if (birthDate) parsed.birthDate = birthDate;
  if (oneOf(residenceStatuses, search.residenceStatus)) parsed.residenceStatus = search.residenceStatus;
  if (oneOf(genders, search.gender)) parsed.gender = search.gender;
  const cityDistrict = text(search.cityDistrict, MAX_DISTRICT_LENGTH);
  if (cityDistrict) parsed.cityDistrict = cityDistrict;
  const hasOpenCase = flag(search.hasOpenCase);
  if (hasOpenCase !== undefined) parsed.hasOpenCase = hasOpenCase;
  const blocked = flag(search.blocked);
  if (blocked !== undefined) parsed.blocked = blocked;
  if (isSort(search.sort) && search.sort !== DEFAULT_SORT) parsed.sort = search.sort;
  return parsed;
}

/** The names of the filters that are set (not the sort), e.g. to say that a search found nothing. */
export function activeFilters(search: ParticipantSearchParams): (keyof ParticipantSearchParams)[] {
  return (Object.keys(search) as (keyof ParticipantSearchParams)[]).filter((key) => key !== 'sort');
}

/** The API's query string for a search, a cursor and a page size. */
export function searchQueryString(search: ParticipantSearchParams, cursor: string | undefined, limit: number): string {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.birthDate) params.set('birthDate', search.birthDate);
  if (search.residenceStatus) params.set('residenceStatus', search.residenceStatus);
  if (search.gender) params.set('gender', search.gender);
  if (search.cityDistrict) params.set('cityDistrict', search.cityDistrict);
  if (search.hasOpenCase !== undefined) params.set('hasOpenCase', String(search.hasOpenCase));
  if (search.blocked !== undefined) params.set('blocked', String(search.blocked));
  params.set('sort', search.sort ?? DEFAULT_SORT);
  if (cursor) params.set('cursor', cursor);
  params.set('limit', String(limit));
  return params.toString();
}
