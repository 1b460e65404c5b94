// Payment requests, their four-eyes approval and the ledger of a grant over HTTP.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import {
  createPaymentRequestSchema,
  grantIdParamsSchema,
  grantLedgerSchema,
  listPaymentRequestsQuerySchema,
  paymentRequestPageSchema,
  paymentRequestParamsSchema,
  paymentRequestSchema,
  rejectPaymentRequestSchema,
} from './payment.schema.ts';
import type { PaymentService } from './payment.service.ts';
import { fourEyesProblemSchema, fundingLimitProblemSchema } from './funding-problems.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const writeErrors = { ...errors, 409: fundingLimitProblemSchema };
const changeErrors = { ...writeErrors, 412: problemSchema, 428: problemSchema };
const read = { access: { action: 'read', resource: 'payment' } } as const;
// Requesting, and withdrawing a request of one's municipality before it is paid.
const request = { access: { action: 'create', resource: 'payment' } } as const;
// Approving and rejecting: the approving authority's grant officers.
const decide = { access: { action: 'update', resource: 'payment' } } as const;
const tags = ['funding'];

export const paymentRoutes: FastifyPluginAsyncZod<{ payments: PaymentService }> = async (app, { payments }) => {
  app.post(
    '/api/v1/funding/payment-requests',
    {
      config: { ...request, idempotency: 'optional' },
      schema: {
        tags,
        summary: 'Request a payment of a grant (two-month rule; at most decided − paid − open requests)',
        body: createPaymentRequestSchema,
        response: { 201: paymentRequestSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      const created = await payments.createRequest(req.actor, req.body, requestMeta(req));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/funding/payment-requests',
    {
      config: read,
      schema: {
        tags,
        summary: 'Payment requests: the authority’s approval inbox, or the municipality’s own requests',
        querystring: listPaymentRequestsQuerySchema,
        response: { 200: paymentRequestPageSchema, ...errors },
      },
    },
    async (req) => payments.listRequests(req.actor, req.query, requestMeta(req)),
  );

  app.get(
    '/api/v1/funding/payment-requests/:requestId',
    {
      config: read,
      schema: {
        tags,
        summary: 'A payment request with its lines and approvals',
        params: paymentRequestParamsSchema,
        response: { 200: paymentRequestSchema, ...errors },
      },
    },
    async (req, reply) => {
      const found = await payments.getRequest(req.actor, req.params.requestId, requestMeta(req));
      setEtag(reply, found.version);
      return found;
    },
  );

  app.post(
    '/api/v1/funding/payment-requests/:requestId/approve',
    {
      config: decide,
      schema: {
        tags,
        summary:
          'Approve (If-Match): the first approval, or the second by another officer, which books the payment (four eyes; 403 for the requester or the first approver)',
        params: paymentRequestParamsSchema,
        response: { 200: paymentRequestSchema, ...changeErrors, 403: fourEyesProblemSchema },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req);
      const changed = await payments.approve(req.actor, req.params.requestId, version, requestMeta(req));
      setEtag(reply, changed.version);
      return changed;
    },
  );

  app.post(
    '/api/v1/funding/payment-requests/:requestId/reject',
    {
      config: decide,
      schema: {
        tags,
        summary: 'Reject an open payment request with the reason (If-Match)',
        params: paymentRequestParamsSchema,
        body: rejectPaymentRequestSchema,
        response: { 200: paymentRequestSchema, ...changeErrors },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req);
      const changed = await payments.reject(req.actor, req.params.requestId, version, req.body, requestMeta(req));
      setEtag(reply, changed.version);
      return changed;
    },
  );

  app.post(
    '/api/v1/funding/payment-requests/:requestId/withdraw',
    {
      config: request,
      schema: {
        tags,
        summary: 'Withdraw an open payment request of one’s municipality before it is paid (If-Match)',
        params: paymentRequestParamsSchema,
        response: { 200: paymentRequestSchema, ...changeErrors },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req);
      const changed = await payments.withdraw(req.actor, req.params.requestId, version, requestMeta(req));
      setEtag(reply, changed.version);
      return changed;
    },
  );

  app.get(
    '/api/v1/funding/grants/:grantId/ledger',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The payment ledger of a grant: bookings with running totals, and decided / paid / requestable / remaining per strand and year',
        params: grantIdParamsSchema,
        response: { 200: grantLedgerSchema, ...errors },
      },
    },
    async (req) => payments.ledger(req.actor, req.params.grantId, requestMeta(req)),
  );
};
