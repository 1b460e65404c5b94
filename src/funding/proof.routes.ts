// Proofs of use, their receipts and files, the audit and the recovery claims over HTTP.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { attachmentDisposition } from '../cases/case-document.rules.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { fundingLimitProblemSchema } from './funding-problems.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import { PDF_TYPE, XLSX_TYPE, type ProofExportService, type ProofFile } from './proof-export.service.ts';
import type { ReceiptService } from './proof-receipt.service.ts';
import {
  auditProofSchema,
  claimParamsSchema,
  createProofSchema,
  createReceiptSchema,
  issueClaimSchema,
  listClaimsQuerySchema,
  listProofsQuerySchema,
  proofPageSchema,
  proofParamsSchema,
  proofSchema,
  receiptParamsSchema,
  receiptSchema,
  recoveryClaimPageSchema,
  recoveryClaimSchema,
  repaymentSchema,
  returnProofSchema,
  updateNarrativeSchema,
  updateReceiptSchema,
  updateStatementSchema,
} from './proof.schema.ts';
import type { ProofService } from './proof.service.ts';
import type { RecoveryService } from './recovery.service.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const writeErrors = { ...errors, 409: fundingLimitProblemSchema };
const changeErrors = { ...writeErrors, 412: problemSchema, 428: problemSchema };
const read = { access: { action: 'read', resource: 'proof_of_use' } } as const;
const create = { access: { action: 'create', resource: 'proof_of_use' }, idempotency: 'optional' } as const;
// Writing one's proof, checking a provider's, auditing a municipality's: the record-level rules are the service's.
const update = { access: { action: 'update', resource: 'proof_of_use' } } as const;
const exportFile = { access: { action: 'export', resource: 'proof_of_use' } } as const;
const tags = ['funding'];
const base = '/api/v1/funding/proofs';

function file(mediaType: string) {
  return {
    description: 'The file, as an attachment',
    content: { [mediaType]: { schema: z.string().meta({ format: 'binary' }) } },
  };
}

function sendFile(reply: FastifyReply, found: ProofFile) {
  // Bytes, not a string: Fastify sends a Buffer as it is, without the serializer.
  return reply
    .header('content-type', found.contentType)
    .header('content-disposition', attachmentDisposition(found.fileName))
    .header('content-length', String(found.content.length))
    .send(found.content);
}

export const proofRoutes: FastifyPluginAsyncZod<{
  proofs: ProofService;
  receipts: ReceiptService;
  files: ProofExportService;
  recovery: RecoveryService;
}> = async (app, { proofs, receipts, files, recovery }) => {
  app.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary:
          "Proofs of use: a provider's own; the municipality's own and its providers' (to check); for the authority all",
        querystring: listProofsQuerySchema,
        response: { 200: proofPageSchema, ...errors },
      },
    },
    async (req) => proofs.list(req.actor, req.query, requestMeta(req)),
  );

  app.post(
    base,
    {
      config: create,
      schema: {
        tags,
        summary:
          'Start the proof of use of a grant (interim per budget year, or final); with contractId a provider’s proof of its contract',
        body: createProofSchema,
        response: { 201: proofSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      const created = await proofs.create(req.actor, req.body, requestMeta(req));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    `${base}/:proofId`,
    {
      config: read,
      schema: {
        tags,
        summary: 'A proof of use: narrative, figures, statement planned vs actual (tolerance rule), receipts, claims',
        params: proofParamsSchema,
        response: { 200: proofSchema, ...errors },
      },
    },
    async (req, reply) => {
      const proof = await proofs.get(req.actor, req.params.proofId, requestMeta(req));
      setEtag(reply, proof.version);
      return proof;
    },
  );

  app.patch(
    `${base}/:proofId/narrative`,
    {
      config: update,
      schema: {
        tags,
        summary: 'Write sections of the narrative report (If-Match)',
        params: proofParamsSchema,
        body: updateNarrativeSchema,
        response: { 200: proofSchema, ...changeErrors },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req);
      const changed = await proofs.updateNarrative(req.actor, req.params.proofId, version, req.body, requestMeta(req));
      setEtag(reply, changed.version);
      return changed;
    },
  );

  app.patch(
    `${base}/:proofId/statement`,
    {
      config: update,
      schema: {
        tags,
        summary: 'Enter the actual spending of statement lines (If-Match)',
        params: proofParamsSchema,
        body: updateStatementSchema,
        response: { 200: proofSchema, ...changeErrors },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req);
      const changed = await proofs.updateStatement(req.actor, req.params.proofId, version, req.body, requestMeta(req));
      setEtag(reply, changed.version);
      return changed;
    },
  );

  const transitions = [
    {
      path: 'figures',
      summary: 'Take the figures from the case data again (If-Match)',
      use: 'refreshFigures',
    },
    {
      path: 'submit',
      summary: 'Submit: a provider to the municipality, the municipality to the authority (If-Match)',
      use: 'submit',
    },
    {
      path: 'accept',
      summary: "Accept a provider's submitted proof; it is attached to the municipality's own (If-Match)",
      use: 'accept',
    },
  ] as const;
  for (const transition of transitions) {
    app.post(
      `${base}/:proofId/${transition.path}`,
      {
        config: update,
        schema: {
          tags,
          summary: transition.summary,
          params: proofParamsSchema,
          response: { 200: proofSchema, ...changeErrors },
        },
      },
      async (req, reply) => {
        const version = requireIfMatch(req);
        const changed = await proofs[transition.use](req.actor, req.params.proofId, version, requestMeta(req));
        setEtag(reply, changed.version);
        return changed;
      },
    );
  }

  app.post(
    `${base}/:proofId/return`,
    {
      config: update,
      schema: {
        tags,
        summary: 'Return a submitted proof for correction, with the reason (If-Match)',
        params: proofParamsSchema,
        body: returnProofSchema,
        response: { 200: proofSchema, ...changeErrors },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req);
      const changed = await proofs.returnProof(req.actor, req.params.proofId, version, req.body, requestMeta(req));
      setEtag(reply, changed.version);
      return changed;
    },
  );

  app.post(
    `${base}/:proofId/audit`,
    {
      config: update,
      schema: {
        tags,
        summary:
          "Audit a municipality's submitted proof (the authority): result, findings, eligible spending; computes the recovery claims (If-Match)",
        params: proofParamsSchema,
        body: auditProofSchema,
        response: { 200: proofSchema, ...changeErrors },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req);
      const changed = await recovery.audit(req.actor, req.params.proofId, version, req.body, requestMeta(req));
      setEtag(reply, changed.version);
      return changed;
    },
  );

  app.post(
    `${base}/:proofId/receipts`,
    {
      config: { ...update, idempotency: 'optional' },
      schema: {
        tags,
        summary: 'Add a receipt to the receipts list of a draft proof',
        params: proofParamsSchema,
        body: createReceiptSchema,
        response: { 201: receiptSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      const created = await receipts.add(req.actor, req.params.proofId, req.body, requestMeta(req));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    `${base}/:proofId/receipts/:receiptId`,
    {
      config: update,
      schema: {
        tags,
        summary: 'Change a receipt of a draft proof (If-Match)',
        params: receiptParamsSchema,
        body: updateReceiptSchema,
        response: { 200: receiptSchema, ...changeErrors },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req);
      const { proofId, receiptId } = req.params;
      const changed = await receipts.update(req.actor, proofId, receiptId, version, req.body, requestMeta(req));
      setEtag(reply, changed.version);
      return changed;
    },
  );

  app.delete(
    `${base}/:proofId/receipts/:receiptId`,
    {
      config: update,
      schema: {
        tags,
        summary: 'Remove a receipt from the list of a draft proof (If-Match)',
        params: receiptParamsSchema,
        response: { 204: z.null(), ...changeErrors },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req);
      await receipts.remove(req.actor, req.params.proofId, req.params.receiptId, version, requestMeta(req));
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/:proofId/pdf`,
    {
      config: exportFile,
      schema: {
        tags,
        summary: 'The proof of use as PDF (German), as an attachment; audited',
        params: proofParamsSchema,
        response: { 200: file(PDF_TYPE), ...errors },
      },
    },
    async (req, reply) => sendFile(reply, await files.pdf(req.actor, req.params.proofId, requestMeta(req))),
  );

  app.get(
    `${base}/:proofId/statement/xlsx`,
    {
      config: exportFile,
      schema: {
        tags,
        summary: 'The financial statement and receipts list as XLSX, as an attachment; audited',
        params: proofParamsSchema,
        response: { 200: file(XLSX_TYPE), ...errors },
      },
    },
    async (req, reply) => sendFile(reply, await files.statement(req.actor, req.params.proofId, requestMeta(req))),
  );

  // --- Recovery claims ---------------------------------------------------------------------------------------

  app.get(
    '/api/v1/funding/recovery-claims',
    {
      config: read,
      schema: {
        tags,
        summary: 'Recovery claims (Rückforderungen) from audited proofs: the municipality’s own, for the authority all',
        querystring: listClaimsQuerySchema,
        response: { 200: recoveryClaimPageSchema, ...errors },
      },
    },
    async (req) => recovery.listClaims(req.actor, req.query, requestMeta(req)),
  );

  app.get(
    '/api/v1/funding/recovery-claims/:claimId',
    {
      config: read,
      schema: {
        tags,
        summary: 'A recovery claim with its computation (paid, entitled, unspent, ineligible) and repayments',
        params: claimParamsSchema,
        response: { 200: recoveryClaimSchema, ...errors },
      },
    },
    async (req, reply) => {
      const claim = await recovery.getClaim(req.actor, req.params.claimId, requestMeta(req));
      setEtag(reply, claim.version);
      return claim;
    },
  );

  app.post(
    '/api/v1/funding/recovery-claims/:claimId/issue',
    {
      config: update,
      schema: {
        tags,
        summary: 'Issue a computed recovery claim with its due date (the authority; If-Match)',
        params: claimParamsSchema,
        body: issueClaimSchema,
        response: { 200: recoveryClaimSchema, ...changeErrors },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req);
      const changed = await recovery.issue(req.actor, req.params.claimId, version, req.body, requestMeta(req));
      setEtag(reply, changed.version);
      return changed;
    },
  );

  app.post(
    '/api/v1/funding/recovery-claims/:claimId/repayments',
    {
      config: { access: { action: 'update', resource: 'payment' }, idempotency: 'optional' },
      schema: {
        tags,
        summary:
          'Book a repayment of an issued claim into the payment ledger (negative); settles the claim when repaid in full',
        params: claimParamsSchema,
        body: repaymentSchema,
        response: { 201: recoveryClaimSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      const changed = await recovery.repay(req.actor, req.params.claimId, req.body, requestMeta(req));
      setEtag(reply, changed.version);
      return reply.code(201).send(changed);
    },
  );
};
