import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import type { Strand } from '../../../../participants/participant.codes.ts';
import {
  eligibilityDecisionSchema,
  type EligibilityDecisionResponse,
} from '../../../../participants/participant.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { participantPath, PARTICIPANTS_KEY } from './paths.ts';

/** The decision for one strand of the programme on a day (default today), with every reason. */
export function getEligibility(
  id: string,
  strand: Strand,
  options: { on?: string; signal?: AbortSignal } = {},
): Promise<EligibilityDecisionResponse> {
  const params = new URLSearchParams({ strand, programme: 'diaa' });
  if (options.on) params.set('on', options.on);
  return requestJson('GET', `${participantPath(id, 'eligibility')}?${params.toString()}`, {
    schema: eligibilityDecisionSchema,
    signal: options.signal,
  });
}

export function eligibilityQueryOptions(id: string, strand: Strand) {
  return queryOptions({
    // Under the participant's key: every change of the record fetches the decisions again.
    queryKey: [...PARTICIPANTS_KEY, 'of', id, 'eligibility', strand],
    queryFn: ({ signal }) => getEligibility(id, strand, { signal }),
    retry: false,
  });
}

export function useEligibility(id: string, strand: Strand, enabled = true) {
  return useQuery({ ...eligibilityQueryOptions(id, strand), enabled });
}

/** Decisions for several strands at once, in the order given. */
export function useEligibilities(id: string, strands: readonly Strand[], enabled = true) {
  return useQueries({
    queries: strands.map((strand) => ({ ...eligibilityQueryOptions(id, strand), enabled })),
  });
}
