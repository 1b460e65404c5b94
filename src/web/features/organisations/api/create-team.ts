import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { teamSchema, type createTeamSchema, type Team } from '../../../../organisations/organisation.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { teamsKey, teamsPath } from './list-teams.ts';

export type CreateTeam = z.infer<typeof createTeamSchema>;

export function createTeam(municipalityId: string, body: CreateTeam): Promise<Team> {
  return requestJson('POST', teamsPath(municipalityId), { body, schema: teamSchema });
}

export function useCreateTeam(municipalityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTeam) => createTeam(municipalityId, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: teamsKey(municipalityId) });
    },
  });
}
