// Quality dialogues with providers and their agreed actions: CRUD with Idempotency-Key on creates and If-Match
// on changes and deletions.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import type { DialogueService } from './dialogue.service.ts';
import {
  actionParamsSchema,
  actionSchema,
  createActionSchema,
  createDialogueSchema,
  dialoguePageSchema,
  dialogueParamsSchema,
  dialogueSchema,
  listDialoguesQuerySchema,
  updateActionSchema,
  updateDialogueSchema,
} from './dialogue.schema.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const changeErrors = { ...errors, 412: problemSchema, 428: problemSchema };
const PATH = '/api/v1/quality/dialogues';

export const dialogueRoutes: FastifyPluginAsyncZod<{ dialogues: DialogueService }> = async (app, { dialogues }) => {
  app.get(
    PATH,
    {
      config: { access: { action: 'read', resource: 'quality' } },
      schema: {
        tags: ['quality'],
        summary: "Quality dialogues (provider staff: their own provider's), with overdue actions flagged",
        querystring: listDialoguesQuerySchema,
        response: { 200: dialoguePageSchema, ...errors },
      },
    },
    async (request) => dialogues.list(request.actor, request.query),
  );

  app.post(
    PATH,
    {
      config: { access: { action: 'create', resource: 'quality' }, idempotency: 'optional' },
      schema: {
        tags: ['quality'],
        summary: 'Record a quality dialogue with a provider, with the actions agreed',
        body: createDialogueSchema,
        response: { 201: dialogueSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await dialogues.create(request.actor, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    `${PATH}/:id`,
    {
      config: { access: { action: 'read', resource: 'quality' } },
      schema: {
        tags: ['quality'],
        summary: 'A quality dialogue with its actions',
        params: dialogueParamsSchema,
        response: { 200: dialogueSchema, ...errors },
      },
    },
    async (request, reply) => {
      const dialogue = await dialogues.get(request.actor, request.params.id, requestMeta(request));
      setEtag(reply, dialogue.version);
      return dialogue;
    },
  );

  app.patch(
    `${PATH}/:id`,
    {
      config: { access: { action: 'update', resource: 'quality' } },
      schema: {
        tags: ['quality'],
        summary: 'Change a quality dialogue, e.g. record the follow-up (If-Match)',
        params: dialogueParamsSchema,
        body: updateDialogueSchema,
        response: { 200: dialogueSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await dialogues.update(
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

  app.delete(
    `${PATH}/:id`,
    {
      config: { access: { action: 'delete', resource: 'quality' } },
      schema: {
        tags: ['quality'],
        summary: 'Delete a quality dialogue with its actions (If-Match)',
        params: dialogueParamsSchema,
        response: { 204: z.null(), ...changeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      await dialogues.remove(request.actor, request.params.id, version, requestMeta(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${PATH}/:id/actions`,
    {
      config: { access: { action: 'update', resource: 'quality' }, idempotency: 'optional' },
      schema: {
        tags: ['quality'],
        summary: 'Add an agreed action to a quality dialogue',
        params: dialogueParamsSchema,
        body: createActionSchema,
        response: { 201: actionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await dialogues.addAction(request.actor, request.params.id, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    `${PATH}/:id/actions/:actionId`,
    {
      config: { access: { action: 'update', resource: 'quality' } },
      schema: {
        tags: ['quality'],
        summary: 'Change an agreed action, e.g. mark it done (If-Match)',
        params: actionParamsSchema,
        body: updateActionSchema,
        response: { 200: actionSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await dialogues.updateAction(
        request.actor,
        request.params.id,
        request.params.actionId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.delete(
    `${PATH}/:id/actions/:actionId`,
    {
      config: { access: { action: 'update', resource: 'quality' } },
      schema: {
        tags: ['quality'],
        summary: 'Delete an agreed action (If-Match)',
        params: actionParamsSchema,
        response: { 204: z.null(), ...changeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      await dialogues.removeAction(
        request.actor,
        request.params.id,
        request.params.actionId,
        version,
        requestMeta(request),
      );
      return reply.code(204).send(null);
    },
  );
};
