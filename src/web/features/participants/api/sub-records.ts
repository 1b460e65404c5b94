// Sub-records of a participant (residence statuses, languages, schooling, consents): each change names the
// participant's version in If-Match and is answered with the whole record in its new version.
import { useMutation } from '@tanstack/react-query';
import {
  participantSchema,
  type ConsentInput,
  type ConsentRevocation,
  type LanguageInput,
  type Participant,
  type ResidenceStatusCorrection,
  type ResidenceStatusInput,
  type SchoolingInput,
} from '../../../../participants/participant.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { newIdempotencyKey, participantPath } from './paths.ts';
import { useParticipantChanged } from './update-participant.ts';

export type SubRecordKind = 'residence-statuses' | 'languages' | 'schooling' | 'consents';

export interface SubRecordBodies {
  'residence-statuses': ResidenceStatusInput;
  languages: LanguageInput;
  schooling: SchoolingInput;
  consents: ConsentInput;
}

export interface AddSubRecordRequest<K extends SubRecordKind> {
  participantId: string;
  version: number;
  kind: K;
  body: SubRecordBodies[K];
}

export function addSubRecord<K extends SubRecordKind>({
  participantId,
  version,
  kind,
  body,
}: AddSubRecordRequest<K>): Promise<Participant> {
  return requestJson('POST', participantPath(participantId, kind), {
    body,
    schema: participantSchema,
    headers: { 'if-match': `"${version}"`, 'idempotency-key': newIdempotencyKey() },
  });
}

export function useAddSubRecord<K extends SubRecordKind>() {
  const changed = useParticipantChanged();
  return useMutation({ mutationFn: (request: AddSubRecordRequest<K>) => addSubRecord(request), onSuccess: changed });
}

export interface RevokeConsentRequest {
  participantId: string;
  version: number;
  consentId: string;
  body: ConsentRevocation;
}

export function revokeConsent({ participantId, version, consentId, body }: RevokeConsentRequest): Promise<Participant> {
  return requestJson('POST', participantPath(participantId, 'consents', consentId, 'revoke'), {
    body,
    schema: participantSchema,
    headers: { 'if-match': `"${version}"` },
  });
}

export function useRevokeConsent() {
  const changed = useParticipantChanged();
  return useMutation({ mutationFn: revokeConsent, onSuccess: changed });
}

export interface CorrectResidenceStatusRequest {
  participantId: string;
  version: number;
  recordId: string;
  body: ResidenceStatusCorrection;
}

/** Corrects a wrongly entered status (the history keeps its periods; the server refuses overlaps). */
export function correctResidenceStatus({
  participantId,
  version,
  recordId,
  body,
}: CorrectResidenceStatusRequest): Promise<Participant> {
  return requestJson('PATCH', participantPath(participantId, 'residence-statuses', recordId), {
    body,
    schema: participantSchema,
    headers: { 'if-match': `"${version}"` },
  });
}

export function useCorrectResidenceStatus() {
  const changed = useParticipantChanged();
  return useMutation({ mutationFn: correctResidenceStatus, onSuccess: changed });
}

export interface DeleteResidenceStatusRequest {
  participantId: string;
  version: number;
  recordId: string;
}

/** Deletes a status entered by mistake (audited on the server). */
export function deleteResidenceStatus({ participantId, version, recordId }: DeleteResidenceStatusRequest) {
  return requestJson('DELETE', participantPath(participantId, 'residence-statuses', recordId), {
    schema: participantSchema,
    headers: { 'if-match': `"${version}"` },
  });
}

export function useDeleteResidenceStatus() {
  const changed = useParticipantChanged();
  return useMutation({ mutationFn: deleteResidenceStatus, onSuccess: changed });
}
