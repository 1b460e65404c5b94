// State budgets, their allocation to the recipients, allocation keys and population figures.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { fundingLimitProblemSchema } from './funding-problems.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import type { BudgetKeyService } from './budget-key.service.ts';
import type { BudgetService } from './budget.service.ts';
import {
  allocationKeyListSchema,
  allocationKeySchema,
  allocationListQuerySchema,
  allocationListSchema,
  allocationParamsSchema,
  allocationPreviewSchema,
  allocationRequestSchema,
  budgetAllocationSchema,
  createAllocationKeySchema,
  createPopulationSchema,
  createStateBudgetSchema,
  keyParamsSchema,
  populationQuerySchema,
  populationSchema,
  setAllocationSchema,
  setStateBudgetSchema,
  stateBudgetDetailSchema,
  stateBudgetListQuerySchema,
  stateBudgetListSchema,
  stateBudgetParamsSchema,
} from './budget.schema.ts';

const denied = { 401: problemSchema, 403: problemSchema };
const errors = { 400: problemSchema, ...denied, 404: problemSchema };
const writeErrors = { ...errors, 409: fundingLimitProblemSchema, 412: problemSchema, 428: problemSchema };
const PATH = '/api/v1/funding/budgets';
const BUDGET = `${PATH}/:budgetId`;
const TAGS = ['funding'];

/** If-Match when sent (a record that exists must be changed with it; the service says 428 when it is missing). */
function optionalIfMatch(request: FastifyRequest): number | null {
  const header = request.headers['if-match'];
  return header === undefined || header === '' ? null : requireIfMatch(request);
}

export const budgetRoutes: FastifyPluginAsyncZod<{ budgets: BudgetService; keys: BudgetKeyService }> = async (
  app,
  { budgets, keys },
) => {
  app.get(
    PATH,
    {
      config: { access: { action: 'read', resource: 'budget' } },
      schema: {
        tags: TAGS,
        summary: 'State budgets per programme, strand and year with what is allocated and what remains',
        querystring: stateBudgetListQuerySchema,
        response: { 200: stateBudgetListSchema, 400: problemSchema, ...denied },
      },
    },
    async (request) => budgets.list(request.actor, request.query, requestMeta(request)),
  );

  app.get(
    `${PATH}/allocations`,
    {
      config: { access: { action: 'read', resource: 'budget' } },
      schema: {
        tags: TAGS,
        summary: "The recipients' budgets with committed, paid and remaining amounts (a municipality: its own)",
        querystring: allocationListQuerySchema,
        response: { 200: allocationListSchema, 400: problemSchema, ...denied },
      },
    },
    async (request) => budgets.allocations(request.actor, request.query, requestMeta(request)),
  );

  app.get(
    `${PATH}/keys`,
    {
      config: { access: { action: 'read', resource: 'budget' } },
      schema: {
        tags: TAGS,
        summary: 'Allocation keys (e.g. FlüAG) entered as data',
        response: { 200: allocationKeyListSchema, ...denied },
      },
    },
    async (request) => keys.listKeys(request.actor, requestMeta(request)),
  );

  app.post(
    `${PATH}/keys`,
    {
      config: { access: { action: 'create', resource: 'budget' }, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: 'Enter an allocation key: shares in percent per official key, as JSON or a CSV file',
        body: createAllocationKeySchema,
        response: { 201: allocationKeySchema, 400: problemSchema, ...denied },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await keys.createKey(request.actor, request.body, requestMeta(request))),
  );

  app.get(
    `${PATH}/keys/:keyId`,
    {
      config: { access: { action: 'read', resource: 'budget' } },
      schema: {
        tags: TAGS,
        summary: 'An allocation key with its shares',
        params: keyParamsSchema,
        response: { 200: allocationKeySchema, ...errors },
      },
    },
    async (request) => keys.getKey(request.actor, request.params.keyId, requestMeta(request)),
  );

  app.get(
    `${PATH}/target-population`,
    {
      config: { access: { action: 'read', resource: 'budget' } },
      schema: {
        tags: TAGS,
        summary: 'Tolerated persons aged 18–27 per recipient at a date (the basis of the FB6 post formula)',
        querystring: populationQuerySchema,
        response: { 200: populationSchema, 400: problemSchema, ...denied },
      },
    },
    async (request) => keys.population(request.actor, request.query.referenceDate, requestMeta(request)),
  );

  app.post(
    `${PATH}/target-population`,
    {
      config: { access: { action: 'create', resource: 'budget' }, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: 'Enter or correct population figures of a date, as JSON or a CSV file',
        body: createPopulationSchema,
        response: { 200: populationSchema, 400: problemSchema, ...denied },
      },
    },
    async (request) => keys.enterPopulation(request.actor, request.body, requestMeta(request)),
  );

  app.post(
    PATH,
    {
      config: { access: { action: 'create', resource: 'budget' }, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: "Enter the state budget of a strand of a programme's current version for a year",
        body: createStateBudgetSchema,
        response: { 201: stateBudgetDetailSchema, 400: problemSchema, ...denied, 409: fundingLimitProblemSchema },
      },
    },
    async (request, reply) => {
      const budget = await budgets.create(request.actor, request.body, requestMeta(request));
      setEtag(reply, budget.version);
      return reply.code(201).send(budget);
    },
  );

  app.get(
    BUDGET,
    {
      config: { access: { action: 'read', resource: 'budget' } },
      schema: {
        tags: TAGS,
        summary: 'A state budget with its allocations (a municipality sees its own allocation only)',
        params: stateBudgetParamsSchema,
        response: { 200: stateBudgetDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const budget = await budgets.get(request.actor, request.params.budgetId, requestMeta(request));
      setEtag(reply, budget.version);
      return budget;
    },
  );

  app.put(
    BUDGET,
    {
      config: { access: { action: 'update', resource: 'budget' } },
      schema: {
        tags: TAGS,
        summary: 'Change a state budget (If-Match; never below what is allocated)',
        params: stateBudgetParamsSchema,
        body: setStateBudgetSchema,
        response: { 200: stateBudgetDetailSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request);
      const budget = await budgets.update(
        request.actor,
        request.params.budgetId,
        expected,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, budget.version);
      return budget;
    },
  );

  app.post(
    `${BUDGET}/allocation-preview`,
    {
      config: { access: { action: 'update', resource: 'budget' } },
      schema: {
        tags: TAGS,
        summary: 'Preview the distribution of a state budget by a key or by the post formula (nothing is saved)',
        params: stateBudgetParamsSchema,
        body: allocationRequestSchema,
        response: { 200: allocationPreviewSchema, ...errors },
      },
    },
    async (request) => budgets.preview(request.actor, request.params.budgetId, request.body, requestMeta(request)),
  );

  app.post(
    `${BUDGET}/allocation`,
    {
      config: { access: { action: 'update', resource: 'budget' }, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: 'Distribute a state budget by a key or by the post formula (as the preview shows it)',
        params: stateBudgetParamsSchema,
        body: allocationRequestSchema,
        response: { 200: stateBudgetDetailSchema, ...errors, 409: fundingLimitProblemSchema },
      },
    },
    async (request, reply) => {
      const budget = await budgets.apply(request.actor, request.params.budgetId, request.body, requestMeta(request));
      setEtag(reply, budget.version);
      return budget;
    },
  );

  app.put(
    `${BUDGET}/allocations/:municipalityId`,
    {
      config: { access: { action: 'update', resource: 'budget' } },
      schema: {
        tags: TAGS,
        summary: "Set one recipient's budget of a strand and year by hand (If-Match when it exists)",
        params: allocationParamsSchema,
        body: setAllocationSchema,
        response: { 200: budgetAllocationSchema, 201: budgetAllocationSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { allocation, created } = await budgets.setAllocation(
        request.actor,
        request.params.budgetId,
        request.params.municipalityId,
        optionalIfMatch(request),
        request.body.amountCents,
        requestMeta(request),
      );
      setEtag(reply, allocation.version);
      return reply.code(created ? 201 : 200).send(allocation);
    },
  );
};
