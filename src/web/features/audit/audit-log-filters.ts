// The filter form of the audit log page: form values ↔ API query, validated with the shared schema.
// Pure: no I/O, unit-tested.
import { auditLogQuerySchema, type AuditLogQuery } from '../../../audit/audit.schema.ts';

export const FILTER_FIELDS = ['userId', 'participantId', 'resourceType', 'action', 'outcome', 'from', 'to'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** What the form holds: strings as typed; from/to as `datetime-local` values (local time, no zone). */
export type FilterValues = Record<FilterField, string>;

export const EMPTY_FILTERS: FilterValues = {
  userId: '',
  participantId: '',
  resourceType: '',
  action: '',
  outcome: '',
  from: '',
  to: '',
};

/** A `datetime-local` value (the browser's local time) as an ISO instant; the input itself when unparsable. */
export function localToIso(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? value : date.toISOString();
}

export type FilterResult =
  { ok: true; query: Partial<AuditLogQuery> } | { ok: false; errors: Partial<Record<FilterField, string>> };

/** Checks the form with the API's own schema; errors are keyed by form field, with the schema's issue code. */
export function filtersToQuery(values: FilterValues): FilterResult {
  const raw: Record<string, string> = {};
  for (const field of FILTER_FIELDS) {
    const value = values[field].trim();
    if (value === '') continue;
    raw[field] = field === 'from' || field === 'to' ? localToIso(value) : value;
  }
  const parsed = auditLogQuerySchema.safeParse(raw);
  if (parsed.success) {
    const { limit: _limit, ...query } = parsed.data;
    return { ok: true, query };
  }
  const errors: Partial<Record<FilterField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && (FILTER_FIELDS as readonly string[]).includes(field)) {
      errors[field as FilterField] ??= field === 'to' && issue.code === 'custom' ? 'order' : 'invalid';
    }
  }
  return { ok: false, errors };
}

/** The query string of one page request. */
export function searchParams(query: Partial<AuditLogQuery>, cursor: string | undefined, limit: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  if (cursor) params.set('cursor', cursor);
  params.set('limit', String(limit));
  return params.toString();
}
