// The API calls of payment requests, the ledger and forwarding contracts for the pages: queries, and changes
// (creations with an Idempotency-Key, the rest with If-Match of the version shown). Every change refreshes
// what it touches.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  forwardingContractSchema,
  forwardingPageSchema,
  grantForwardingSchema,
  type CreateForwarding,
  type ForwardingContract,
} from '../../../funding/forwarding.schema.ts';
import {
  grantLedgerSchema,
  paymentRequestPageSchema,
  paymentRequestSchema,
  type CreatePaymentRequest,
  type PaymentRequest,
} from '../../../funding/payment.schema.ts';
import { requestJson } from '../../lib/api-request.ts';

const REQUESTS = '/api/v1/funding/payment-requests';
const FORWARDING = '/api/v1/funding/forwarding';
const grantPath = (grantId: string) => `/api/v1/funding/grants/${grantId}`;
const KEY = ['funding-payments'] as const;

const newIdempotencyKey = (): string => crypto.randomUUID();
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

async function refresh(queryClient: QueryClient): Promise<void> {
  // Grants show forwarded and paid amounts too (features/funding-applications).
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: KEY }),
    queryClient.invalidateQueries({ queryKey: ['funding-applications'] }),
  ]);
}

export function useLedger(grantId: string) {
  return useQuery({
    queryKey: [...KEY, 'ledger', grantId],
    queryFn: ({ signal }) => requestJson('GET', `${grantPath(grantId)}/ledger`, { schema: grantLedgerSchema, signal }),
    retry: false,
  });
}

export interface RequestFilters {
  grantId?: string;
  open?: boolean;
  cursor?: string;
}

export function usePaymentRequests(filters: RequestFilters) {
  const params = new URLSearchParams({ limit: '50' });
  if (filters.grantId) params.set('grantId', filters.grantId);
  if (filters.open !== undefined) params.set('open', String(filters.open));
  if (filters.cursor) params.set('cursor', filters.cursor);
  return useQuery({
    queryKey: [...KEY, 'requests', filters],
    queryFn: ({ signal }) => requestJson('GET', `${REQUESTS}?${params}`, { schema: paymentRequestPageSchema, signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useCreatePaymentRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreatePaymentRequest; idempotencyKey: string }) =>
      requestJson('POST', REQUESTS, {
        body,
        schema: paymentRequestSchema,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: () => refresh(queryClient),
  });
}

export type RequestStep = 'approve' | 'reject' | 'withdraw';

export function useRequestStep(request: Pick<PaymentRequest, 'id' | 'version'>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ step, reason }: { step: RequestStep; reason?: string }) =>
      requestJson('POST', `${REQUESTS}/${request.id}/${step}`, {
        ...(step === 'reject' ? { body: { reason } } : {}),
        schema: paymentRequestSchema,
        headers: ifMatch(request.version),
      }),
    onSettled: () => refresh(queryClient),
  });
}

export function useGrantForwarding(grantId: string) {
  return useQuery({
    queryKey: [...KEY, 'forwarding', grantId],
    queryFn: ({ signal }) =>
      requestJson('GET', `${grantPath(grantId)}/forwarding`, { schema: grantForwardingSchema, signal }),
    retry: false,
  });
}

export function useContracts(cursor?: string) {
  const params = new URLSearchParams({ limit: '50' });
  if (cursor) params.set('cursor', cursor);
  return useQuery({
    queryKey: [...KEY, 'contracts', cursor ?? null],
    queryFn: ({ signal }) => requestJson('GET', `${FORWARDING}?${params}`, { schema: forwardingPageSchema, signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useCreateContract(grantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateForwarding; idempotencyKey: string }) =>
      requestJson('POST', `${grantPath(grantId)}/forwarding`, {
        body,
        schema: forwardingContractSchema,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: () => refresh(queryClient),
  });
}

export function useContractStatus(contract: Pick<ForwardingContract, 'id' | 'version'>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: 'concluded' | 'ended' | 'cancelled') =>
      requestJson('POST', `${FORWARDING}/${contract.id}/status`, {
        body: { status },
        schema: forwardingContractSchema,
        headers: ifMatch(contract.version),
      }),
    onSettled: () => refresh(queryClient),
  });
}

export { newIdempotencyKey };
