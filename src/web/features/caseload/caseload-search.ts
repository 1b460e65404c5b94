// The caseload's filters live in the address (/caseload?status=…&warning=…&sort=…), so that a view can be
// bookmarked and the back button returns to it. Pure: no I/O. The router validates the address with this file
// in the initial bundle, so it imports only code lists (case.codes.ts, shared with the API schema) and types.
import {
  caseloadScopes,
  caseStatuses,
  warningKinds,
  type CaseloadScope,
  type CaseStatus,
  type WarningKind,
} from '../../../cases/case.codes.ts';
import type { CaseloadSort } from '../../../cases/caseload.schema.ts';
import { strands, type Strand } from '../../../participants/participant.codes.ts';

export type CaseloadSortValue = CaseloadSort | `-${CaseloadSort}`;

/** The sort orders offered, in the order of the select (the API allows each field both ways). */
export const SORT_OPTIONS = [
  'nextDueOn',
  'participantName',
  '-participantName',
  '-openedOn',
  'openedOn',
  'lastContactAt',
  '-lastContactAt',
] as const satisfies readonly CaseloadSortValue[];
export type SortOption = (typeof SORT_OPTIONS)[number];
export const DEFAULT_SORT: SortOption = 'nextDueOn';

// A type, not an interface: it must be assignable to the router's record of search parameters.
export type CaseloadSearch = {
  scope?: CaseloadScope;
  status?: CaseStatus[];
  warning?: WarningKind[];
  programme?: string;
  strand?: Strand;
  sort?: SortOption;
};

function listOf<T extends string>(value: unknown, allowed: readonly T[]): T[] | undefined {
  // The router may hand over an array, a comma-separated string, or a single value.
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const picked = allowed.filter((item) => raw.some((entry) => typeof entry === 'string' && entry.trim() === item));
  return picked.length > 0 ? picked : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Whatever stands in the address, reduced to filters the API accepts; anything else is dropped. */
export function parseCaseloadSearch(search: Record<string, unknown>): CaseloadSearch {
  const parsed: CaseloadSearch = {};
  const scope = oneOf(search.scope, caseloadScopes);
  if (scope && scope !== 'own') parsed.scope = scope;
  const status = listOf(search.status, caseStatuses);
  if (status) parsed.status = status;
  const warning = listOf(search.warning, warningKinds);
  if (warning) parsed.warning = warning;
  const programme =
    typeof search.programme === 'string' && /^[a-z0-9_]{2,40}$/.test(search.programme) ? search.programme : undefined;
  if (programme) parsed.programme = programme;
  const strand = oneOf(search.strand, strands);
  if (strand) parsed.strand = strand;
  const sort = oneOf(search.sort, SORT_OPTIONS);
  if (sort && sort !== DEFAULT_SORT) parsed.sort = sort;
  return parsed;
}

/** The API address of one page: only the filters that are set; lists as "a,b" (the API's format). */
export function caseloadPath(search: CaseloadSearch, cursor: string | undefined, limit: number): string {
  const params = new URLSearchParams();
  if (search.scope) params.set('scope', search.scope);
  if (search.status?.length) params.set('status', search.status.join(','));
  if (search.warning?.length) params.set('warning', search.warning.join(','));
  if (search.programme) params.set('programme', search.programme);
  if (search.strand) params.set('strand', search.strand);
  params.set('sort', search.sort ?? DEFAULT_SORT);
  if (cursor) params.set('cursor', cursor);
  params.set('limit', String(limit));
  return `/api/v1/caseload?${params.toString()}`;
}

/** Whether any filter departs from the default view (to offer "reset"). */
export function isFiltered(search: CaseloadSearch): boolean {
  return Object.keys(search).length > 0;
}
