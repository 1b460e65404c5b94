// The gap page's filters in its address (/offers/gaps?from=…&to=…), so that a view can be bookmarked and shared.
import { gapGranularities, gapGroups } from '../../../quality/quality.codes.ts';
import type { GapParams } from './api/quality-api.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function parseGapSearch(search: Record<string, unknown>): GapParams {
  const text = (key: string) => (typeof search[key] === 'string' ? search[key] : undefined);
  const params: GapParams = {};
  const from = text('from');
  const to = text('to');
  const granularity = text('granularity');
  const group = text('group');
  const place = text('place')?.trim();
  if (from && MONTH.test(from)) params.from = from;
  if (to && MONTH.test(to)) params.to = to;
  if (granularity && (gapGranularities as readonly string[]).includes(granularity)) {
    params.granularity = granularity as GapParams['granularity'];
  }
  if (group && (gapGroups as readonly string[]).includes(group)) params.group = group;
  if (place) params.place = place.slice(0, 120);
  // The router keeps search values as JSON: booleans arrive as booleans (or their text).
  if (search.byPlace === false || search.byPlace === 'false') params.byPlace = false;
  if (search.unmetOnly === true || search.unmetOnly === 'true') params.unmetOnly = true;
  return params;
}
