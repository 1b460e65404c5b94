import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { teamSchema, type Team } from '../../../../organisations/organisation.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

const teamListSchema = z.array(teamSchema);

export function teamsPath(municipalityId: string): string {
  return `/api/v1/municipalities/${encodeURIComponent(municipalityId)}/teams`;
}

export function teamsKey(municipalityId: string) {
  return ['teams', municipalityId] as const;
}

export function listTeams(municipalityId: string, options: { signal?: AbortSignal } = {}): Promise<Team[]> {
  return requestJson('GET', teamsPath(municipalityId), { schema: teamListSchema, signal: options.signal });
}

export function teamsQueryOptions(municipalityId: string) {
  return queryOptions({
    queryKey: teamsKey(municipalityId),
    queryFn: ({ signal }) => listTeams(municipalityId, { signal }),
    retry: false,
  });
}

export function useTeams(municipalityId: string, enabled = true) {
  return useQuery({ ...teamsQueryOptions(municipalityId), enabled });
}
