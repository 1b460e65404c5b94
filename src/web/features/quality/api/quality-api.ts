// The quality review's API calls: gap analysis, indicators, quality dialogues and the staff side of feedback.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  actionSchema,
  dialoguePageSchema,
  dialogueSchema,
  type CreateAction,
  type CreateDialogue,
  type UpdateAction,
  type UpdateDialogue,
} from '../../../../quality/dialogue.schema.ts';
import {
  feedbackReceivedSchema,
  invitationCreatedSchema,
  surveySchema,
  type FeedbackAnswersInput,
} from '../../../../quality/feedback.schema.ts';
import { gapTableSchema } from '../../../../quality/gap.schema.ts';
import {
  offerIndicatorsSchema,
  providerIndicatorsSchema,
  providerOverviewSchema,
} from '../../../../quality/indicator.schema.ts';
import type { SurveyLanguage } from '../../../../quality/quality.codes.ts';
import { requestJson } from '../../../lib/api-request.ts';

export const QUALITY_KEY = ['quality'] as const;

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

// --- Gap analysis --------------------------------------------------------------------------------------------

export interface GapParams {
  from?: string;
  to?: string;
  granularity?: 'month' | 'quarter';
  byPlace?: boolean;
  group?: string;
  place?: string;
  unmetOnly?: boolean;
}

function gapParams(params: GapParams): Record<string, string | undefined> {
  return {
    from: params.from,
    to: params.to,
    granularity: params.granularity,
    byPlace: params.byPlace === false ? 'false' : undefined,
    group: params.group,
    place: params.place,
    unmetOnly: params.unmetOnly ? 'true' : undefined,
  };
}

export function useGapTable(params: GapParams) {
  return useQuery({
    queryKey: [...QUALITY_KEY, 'gaps', params],
    queryFn: ({ signal }) =>
      requestJson('GET', `/api/v1/gap-analysis${query(gapParams(params))}`, { schema: gapTableSchema, signal }),
    retry: false,
    placeholderData: keepPreviousData,
  });
}

/** Where the browser downloads the export from (a plain link: the session cookie goes along). */
export function gapExportUrl(params: GapParams, format: 'xlsx' | 'csv'): string {
  return `/api/v1/gap-analysis/export${query({ ...gapParams(params), format })}`;
}

// --- Indicators ----------------------------------------------------------------------------------------------

export function useProviderOverview() {
  return useQuery({
    queryKey: [...QUALITY_KEY, 'providers'],
    queryFn: ({ signal }) =>
      requestJson('GET', '/api/v1/quality/providers', { schema: providerOverviewSchema, signal }),
    retry: false,
  });
}

export function useProviderIndicators(providerId: string) {
  return useQuery({
    queryKey: [...QUALITY_KEY, 'provider', providerId],
    queryFn: ({ signal }) =>
      requestJson('GET', `/api/v1/quality/providers/${providerId}`, { schema: providerIndicatorsSchema, signal }),
    retry: false,
  });
}

export function useOfferIndicators(offerId: string) {
  return useQuery({
    queryKey: [...QUALITY_KEY, 'offer', offerId],
    queryFn: ({ signal }) =>
      requestJson('GET', `/api/v1/quality/offers/${offerId}`, { schema: offerIndicatorsSchema, signal }),
    retry: false,
  });
}

// --- Quality dialogues ---------------------------------------------------------------------------------------

const DIALOGUES = '/api/v1/quality/dialogues';

export interface DialogueListParams {
  providerId?: string;
  overdue?: boolean;
  cursor?: string;
}

export function useDialogues(params: DialogueListParams) {
  return useQuery({
    queryKey: [...QUALITY_KEY, 'dialogues', params],
    queryFn: ({ signal }) =>
      requestJson(
        'GET',
        `${DIALOGUES}${query({
          providerId: params.providerId,
          overdue: params.overdue ? 'true' : undefined,
          cursor: params.cursor,
          limit: '50',
        })}`,
        { schema: dialoguePageSchema, signal },
      ),
    retry: false,
  });
}

export function dialogueQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...QUALITY_KEY, 'dialogue', id],
    queryFn: ({ signal }) => requestJson('GET', `${DIALOGUES}/${id}`, { schema: dialogueSchema, signal }),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export function useDialogue(id: string) {
  return useQuery(dialogueQueryOptions(id));
}

function useDialoguesChanged() {
  const client = useQueryClient();
  return () =>
    client
      .invalidateQueries({ queryKey: [...QUALITY_KEY, 'dialogue'] })
      .then(() => client.invalidateQueries({ queryKey: [...QUALITY_KEY, 'dialogues'] }));
}

export function useCreateDialogue() {
  const changed = useDialoguesChanged();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateDialogue; idempotencyKey: string }) =>
      requestJson('POST', DIALOGUES, { body, schema: dialogueSchema, headers: { 'idempotency-key': idempotencyKey } }),
    onSuccess: changed,
  });
}

export function useUpdateDialogue(id: string) {
  const changed = useDialoguesChanged();
  return useMutation({
    mutationFn: ({ body, version }: { body: UpdateDialogue; version: number }) =>
      requestJson('PATCH', `${DIALOGUES}/${id}`, {
        body,
        schema: dialogueSchema,
        headers: { 'if-match': `"${version}"` },
      }),
    onSuccess: changed,
  });
}

export function useDeleteDialogue(id: string) {
  const changed = useDialoguesChanged();
  return useMutation({
    mutationFn: ({ version }: { version: number }) =>
      requestJson('DELETE', `${DIALOGUES}/${id}`, { headers: { 'if-match': `"${version}"` } }),
    onSuccess: changed,
  });
}

export function useAddAction(dialogueId: string) {
  const changed = useDialoguesChanged();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateAction; idempotencyKey: string }) =>
      requestJson('POST', `${DIALOGUES}/${dialogueId}/actions`, {
        body,
        schema: actionSchema,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: changed,
  });
}

export function useUpdateAction(dialogueId: string) {
  const changed = useDialoguesChanged();
  return useMutation({
    mutationFn: ({ actionId, body, version }: { actionId: string; body: UpdateAction; version: number }) =>
      requestJson('PATCH', `${DIALOGUES}/${dialogueId}/actions/${actionId}`, {
        body,
        schema: actionSchema,
        headers: { 'if-match': `"${version}"` },
      }),
    onSuccess: changed,
  });
}

// --- Feedback ------------------------------------------------------------------------------------------------

export function useStaffSurvey(enrolmentId: string, language: SurveyLanguage) {
  return useQuery({
    queryKey: [...QUALITY_KEY, 'survey', enrolmentId, language],
    queryFn: ({ signal }) =>
      requestJson('GET', `/api/v1/enrolments/${enrolmentId}/feedback-survey?language=${language}`, {
        schema: surveySchema,
        signal,
      }),
    retry: false,
    placeholderData: keepPreviousData,
  });
}

export function useCreateInvitation(enrolmentId: string) {
  return useMutation({
    mutationFn: (body: { language: SurveyLanguage; validDays: number }) =>
      requestJson('POST', `/api/v1/enrolments/${enrolmentId}/feedback-invitations`, {
        body,
        schema: invitationCreatedSchema,
      }),
  });
}

export function useStaffFeedback(enrolmentId: string) {
  return useMutation({
    mutationFn: ({
      language,
      answers,
      idempotencyKey,
    }: {
      language: SurveyLanguage;
      answers: FeedbackAnswersInput;
      idempotencyKey: string;
    }) =>
      requestJson('POST', `/api/v1/enrolments/${enrolmentId}/feedback`, {
        body: { language, answers },
        schema: feedbackReceivedSchema,
        headers: { 'idempotency-key': idempotencyKey },
      }),
  });
}

// The public page (no account).

export function usePublicSurvey(token: string | null, language: SurveyLanguage | undefined) {
  return useQuery({
    queryKey: ['public-survey', token, language],
    queryFn: ({ signal }) =>
      requestJson('POST', '/api/v1/feedback/survey', {
        body: language ? { token, language } : { token },
        schema: surveySchema,
        signal,
      }),
    enabled: token !== null,
    retry: false,
    refetchOnWindowFocus: false,
    placeholderData: keepPreviousData,
  });
}

export function usePublicFeedback() {
  return useMutation({
    mutationFn: (body: { token: string; language: SurveyLanguage; answers: FeedbackAnswersInput }) =>
      requestJson('POST', '/api/v1/feedback/responses', { body, schema: feedbackReceivedSchema }),
  });
}
