import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { teamSchema, type Team } from '../../../../organisations/organisation.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

const teamListSchema = z.array(teamSchema);

/** The teams of the user's municipality, to choose the one responsible for a new case. */
export function listTeams(municipalityId: string, options: { signal?: AbortSignal } = {}): Promise<Team[]> {
  return requestJson('GET', `/api/v1/municipalities/${encodeURIComponent(municipalityId)}/teams`, {
    schema: teamListSchema,
    signal: options.signal,
  });
}

export function useTeams(municipalityId: string | null) {
  return useQuery(
    queryOptions({
      queryKey: ['teams', municipalityId],
      queryFn: ({ signal }) => listTeams(municipalityId ?? '', { signal }),
      enabled: municipalityId !== null,
      retry: false,
      staleTime: 60_000,
    }),
  );
}
