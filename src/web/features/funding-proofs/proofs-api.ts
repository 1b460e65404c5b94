// The API calls of proofs of use and recovery claims for the pages: queries, and changes (creations with an
// Idempotency-Key, the rest with If-Match of the version shown). Every change refreshes what it touches.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  proofPageSchema,
  proofSchema,
  receiptSchema,
  recoveryClaimPageSchema,
  recoveryClaimSchema,
  type AuditProof,
  type CreateProof,
  type CreateReceipt,
  type IssueClaim,
  type Repayment,
  type UpdateNarrative,
  type UpdateStatement,
} from '../../../funding/proof.schema.ts';
import { forwardingPageSchema } from '../../../funding/forwarding.schema.ts';
import { requestJson } from '../../lib/api-request.ts';

export const PROOFS = '/api/v1/funding/proofs';
export const CLAIMS = '/api/v1/funding/recovery-claims';
const KEY = ['funding-proofs'] as const;

export const newIdempotencyKey = (): string => crypto.randomUUID();
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export interface ProofFilters {
  grantId?: string | undefined;
  origin?: 'municipality' | 'provider' | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  cursor?: string | undefined;
}

function query(filters: object): string {
  const params = new URLSearchParams({ limit: '50' });
  for (const [key, value] of Object.entries(filters)) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  return params.toString();
}

export function useProofs(filters: ProofFilters) {
  return useQuery({
    queryKey: [...KEY, 'list', filters],
    queryFn: ({ signal }) => requestJson('GET', `${PROOFS}?${query(filters)}`, { schema: proofPageSchema, signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useProof(proofId: string) {
  return useQuery({
    queryKey: [...KEY, 'proof', proofId],
    queryFn: ({ signal }) => requestJson('GET', `${PROOFS}/${proofId}`, { schema: proofSchema, signal }),
    retry: false,
  });
}

/** A provider's forwarding contracts of the grant (to start its proof for one of them). */
export function useContracts(grantId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'contracts', grantId],
    queryFn: ({ signal }) =>
      requestJson('GET', `/api/v1/funding/forwarding?${query({ grantId })}`, { schema: forwardingPageSchema, signal }),
    enabled,
    retry: false,
  });
}

export function useClaims(filters: { proofId?: string; grantId?: string; status?: string }) {
  return useQuery({
    queryKey: [...KEY, 'claims', filters],
    queryFn: ({ signal }) =>
      requestJson('GET', `${CLAIMS}?${query(filters)}`, { schema: recoveryClaimPageSchema, signal }),
    retry: false,
  });
}

function useRefreshingMutation<Input, Output>(run: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useCreateProof() {
  return useRefreshingMutation(({ body, idempotencyKey }: { body: CreateProof; idempotencyKey: string }) =>
    requestJson('POST', PROOFS, { body, schema: proofSchema, headers: { 'idempotency-key': idempotencyKey } }),
  );
}

export function useUpdateStatement(proofId: string) {
  return useRefreshingMutation(({ body, version }: { body: UpdateStatement; version: number }) =>
    requestJson('PATCH', `${PROOFS}/${proofId}/statement`, { body, schema: proofSchema, headers: ifMatch(version) }),
  );
}

export function useUpdateNarrative(proofId: string) {
  return useRefreshingMutation(({ body, version }: { body: UpdateNarrative; version: number }) =>
    requestJson('PATCH', `${PROOFS}/${proofId}/narrative`, { body, schema: proofSchema, headers: ifMatch(version) }),
  );
}

export type ProofStep = 'figures' | 'submit' | 'accept';

export function useProofStep(proofId: string) {
  return useRefreshingMutation(({ step, version }: { step: ProofStep; version: number }) =>
    requestJson('POST', `${PROOFS}/${proofId}/${step}`, { schema: proofSchema, headers: ifMatch(version) }),
  );
}

export function useReturnProof(proofId: string) {
  return useRefreshingMutation(({ reason, version }: { reason: string; version: number }) =>
    requestJson('POST', `${PROOFS}/${proofId}/return`, {
      body: { reason },
      schema: proofSchema,
      headers: ifMatch(version),
    }),
  );
}

export function useAuditProof(proofId: string) {
  return useRefreshingMutation(({ body, version }: { body: AuditProof; version: number }) =>
    requestJson('POST', `${PROOFS}/${proofId}/audit`, { body, schema: proofSchema, headers: ifMatch(version) }),
  );
}

export function useAddReceipt(proofId: string) {
  return useRefreshingMutation(({ body, idempotencyKey }: { body: CreateReceipt; idempotencyKey: string }) =>
    requestJson('POST', `${PROOFS}/${proofId}/receipts`, {
      body,
      schema: receiptSchema,
      headers: { 'idempotency-key': idempotencyKey },
    }),
  );
}

export function useRemoveReceipt(proofId: string) {
  return useRefreshingMutation(({ receiptId, version }: { receiptId: string; version: number }) =>
    requestJson('DELETE', `${PROOFS}/${proofId}/receipts/${receiptId}`, { headers: ifMatch(version) }),
  );
}

export function useIssueClaim() {
  return useRefreshingMutation(({ claimId, body, version }: { claimId: string; body: IssueClaim; version: number }) =>
    requestJson('POST', `${CLAIMS}/${claimId}/issue`, { body, schema: recoveryClaimSchema, headers: ifMatch(version) }),
  );
}

export function useRepayment() {
  return useRefreshingMutation(
    ({ claimId, body, idempotencyKey }: { claimId: string; body: Repayment; idempotencyKey: string }) =>
      requestJson('POST', `${CLAIMS}/${claimId}/repayments`, {
        body,
        schema: recoveryClaimSchema,
        headers: { 'idempotency-key': idempotencyKey },
      }),
  );
}
