import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  alertListSchema,
  alertSchema,
  alertSummarySchema,
  careerSettingsStateSchema,
  type Alert,
  type AlertList,
  type AlertSummary,
  type CareerSettingsInput,
  type CareerSettingsState,
} from '../../../../careers/career.schema.ts';
import type { AlertStatus } from '../../../../careers/career.codes.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { CASELOAD_KEY } from '../../cases/api/case-keys.ts';

export function participantAlertsKey(participantId: string) {
  return ['careers', 'participant', participantId] as const;
}

export function participantAlertsQueryOptions(participantId: string) {
  return queryOptions({
    queryKey: participantAlertsKey(participantId),
    queryFn: ({ signal }): Promise<AlertList> =>
      requestJson('GET', `/api/v1/participants/${encodeURIComponent(participantId)}/alerts`, {
        schema: alertListSchema,
        signal,
      }),
    retry: false,
  });
}

export function useParticipantAlerts(participantId: string) {
  return useQuery(participantAlertsQueryOptions(participantId));
}

export type AlertAction = { kind: 'acknowledge'; plan: string } | { kind: 'dismiss'; reason: string };

/** Acknowledge or dismiss with If-Match of the version shown; the person's list and the caseload refresh. */
export function useHandleAlert(participantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ alert, action }: { alert: Alert; action: AlertAction }) =>
      requestJson('POST', `/api/v1/alerts/${encodeURIComponent(alert.id)}/${action.kind}`, {
        body: action.kind === 'acknowledge' ? { plan: action.plan } : { reason: action.reason },
        schema: alertSchema,
        headers: { 'if-match': `"${alert.version}"` },
      }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: participantAlertsKey(participantId) });
      await queryClient.invalidateQueries({ queryKey: CASELOAD_KEY });
    },
  });
}

export function useAlertSummary(municipalityId: string, status: AlertStatus | undefined) {
  return useQuery({
    queryKey: ['careers', 'summary', municipalityId, status ?? 'counted'] as const,
    queryFn: ({ signal }): Promise<AlertSummary> =>
      requestJson('GET', `/api/v1/alerts/summary${status ? `?status=${status}` : ''}`, {
        schema: alertSummarySchema,
        signal,
      }),
    retry: false,
  });
}

const SETTINGS_PATH = '/api/v1/municipality-policy/careers';

export function careerSettingsKey(municipalityId: string) {
  return ['policy', municipalityId, 'careers'] as const;
}

export function useCareerSettings(municipalityId: string) {
  return useQuery({
    queryKey: careerSettingsKey(municipalityId),
    queryFn: ({ signal }): Promise<CareerSettingsState> =>
      requestJson('GET', SETTINGS_PATH, { schema: careerSettingsStateSchema, signal }),
    retry: false,
    // The form starts from the loaded version: a background refetch must not replace it unnoticed.
    refetchOnWindowFocus: false,
  });
}

export function useSaveCareerSettings(municipalityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, settings }: { version: number; settings: CareerSettingsInput }) =>
      requestJson('PUT', SETTINGS_PATH, {
        body: settings,
        schema: careerSettingsStateSchema,
        headers: { 'if-match': `"${version}"` },
      }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(careerSettingsKey(municipalityId), saved);
      await queryClient.invalidateQueries({ queryKey: ['careers'] });
    },
  });
}
