// Cases: intake, the case view, changes, a participant's cases, exit and follow-up, assignments.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import type { CaseAssignmentService } from './case-assignment.service.ts';
import {
  assignableUserListSchema,
  assignableUsersQuerySchema,
  assignmentParamsSchema,
  assignmentSchema,
  caseIdParamsSchema,
  casePageSchema,
  caseSchema,
  createAssignmentSchema,
  createCaseSchema,
  exitCaseSchema,
  followUpSchema,
  listParticipantCasesQuerySchema,
  participantCasesParamsSchema,
  updateCaseSchema,
} from './case.schema.ts';
import type { CaseService } from './case.service.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const writeErrors = { ...errors, 412: problemSchema, 422: problemSchema, 428: problemSchema };

export const caseRoutes: FastifyPluginAsyncZod<{ cases: CaseService; assignments: CaseAssignmentService }> = async (
  app,
  { cases, assignments },
) => {
  app.post(
    '/api/v1/participants/:participantId/cases',
    {
      config: { access: { action: 'create', resource: 'case' }, idempotency: 'optional' },
      schema: {
        tags: ['cases'],
        summary: 'Open a case (intake) with its eligibility decision; 422 with the reasons when not eligible',
        params: participantCasesParamsSchema,
        body: createCaseSchema,
        response: { 201: caseSchema, ...errors, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await cases.create(
        request.actor,
        request.params.participantId,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/participants/:participantId/cases',
    {
      config: { access: { action: 'read', resource: 'case' } },
      schema: {
        tags: ['cases'],
        summary: "A participant's cases that I may see",
        params: participantCasesParamsSchema,
        querystring: listParticipantCasesQuerySchema,
        response: { 200: casePageSchema, ...errors },
      },
    },
    async (request) =>
      cases.listForParticipant(request.actor, request.params.participantId, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/cases/:id',
    {
      config: { access: { action: 'read', resource: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'One case: status, eligibility, assignments, assessment, plan, counts and warnings',
        params: caseIdParamsSchema,
        response: { 200: caseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const found = await cases.get(request.actor, request.params.id, requestMeta(request));
      setEtag(reply, found.version);
      return found;
    },
  );

  app.patch(
    '/api/v1/cases/:id',
    {
      config: { access: { action: 'update', resource: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'Change a case (If-Match); new strands or exception are evaluated again',
        params: caseIdParamsSchema,
        body: updateCaseSchema,
        response: { 200: caseSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await cases.update(request.actor, request.params.id, version, request.body, requestMeta(request));
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.post(
    '/api/v1/cases/:id/exit',
    {
      config: { access: { action: 'update', resource: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'Exit a case with its outcome (If-Match); the follow-up falls due 6 months later',
        params: caseIdParamsSchema,
        body: exitCaseSchema,
        response: { 200: caseSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await cases.exit(request.actor, request.params.id, version, request.body, requestMeta(request));
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.post(
    '/api/v1/cases/:id/follow-up',
    {
      config: { access: { action: 'update', resource: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'Record the follow-up of an exited case (If-Match)',
        params: caseIdParamsSchema,
        body: followUpSchema,
        response: { 200: caseSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await cases.followUp(
        request.actor,
        request.params.id,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.get(
    '/api/v1/cases/:id/assignable-users',
    {
      config: { access: { action: 'update', resource: 'case' } },
      schema: {
        tags: ['cases'],
        summary:
          "Accounts that may hold a role on the case: its municipality's staff with the role, for coaches also those of providers serving it",
        params: caseIdParamsSchema,
        querystring: assignableUsersQuerySchema,
        response: { 200: assignableUserListSchema, ...errors },
      },
    },
    async (request) =>
      assignments.assignableUsers(request.actor, request.params.id, request.query, requestMeta(request)),
  );

  app.post(
    '/api/v1/cases/:id/assignments',
    {
      config: { access: { action: 'update', resource: 'case' }, idempotency: 'optional' },
      schema: {
        tags: ['cases'],
        summary: 'Assign a participation manager or coach; ends the current assignment of that role',
        params: caseIdParamsSchema,
        body: createAssignmentSchema,
        response: { 201: assignmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await assignments.assign(request.actor, request.params.id, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/v1/cases/:id/assignments/:assignmentId',
    {
      config: { access: { action: 'update', resource: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'End an assignment (it stays in the history)',
        params: assignmentParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await assignments.end(request.actor, request.params.id, request.params.assignmentId, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
};
