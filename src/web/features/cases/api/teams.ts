import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { teamSchema, type Team } from '../../../../organisations/organisation.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

const teamListSchema = z.array(teamSchema);

/** The teams of a municipality (for the case's team and the choice of another one). */
export function teamsQueryOptions(municipalityId: string) {
  return queryOptions({
    queryKey: ['teams', municipalityId] as const,
    queryFn: ({ signal }): Promise<Team[]> =>
      requestJson('GET', `/api/v1/municipalities/${encodeURIComponent(municipalityId)}/teams`, {
        schema: teamListSchema,
        signal,
      }),
    retry: false,
    staleTime: 60_000,
  });
}

export function useTeams(municipalityId: string | null, enabled: boolean) {
  return useQuery({ ...teamsQueryOptions(municipalityId ?? ''), enabled: enabled && municipalityId !== null });
}
