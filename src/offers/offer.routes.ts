// The offer catalogue over HTTP: providers serving the municipality with their contact persons, and offers.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import {
  contactParamsSchema,
  createOfferSchema,
  createProviderContactSchema,
  listOffersQuerySchema,
  offerPageSchema,
  offerParamsSchema,
  offerSchema,
  providerContactListSchema,
  providerContactSchema,
  providerListSchema,
  providerParamsSchema,
  updateOfferSchema,
  updateProviderContactSchema,
} from './offer.schema.ts';
import type { OfferService } from './offer.service.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const writeErrors = { ...errors, 409: problemSchema };
const updateErrors = { ...writeErrors, 412: problemSchema, 428: problemSchema };
const read = { access: { action: 'read', resource: 'offer' } } as const;
const maintain = { access: { action: 'update', resource: 'offer' } } as const;

export const offerRoutes: FastifyPluginAsyncZod<{ offers: OfferService }> = async (app, { offers }) => {
  app.get(
    '/api/v1/providers',
    {
      config: read,
      schema: {
        tags: ['offers'],
        summary: 'The providers (Träger) serving the municipality, with their offer counts',
        response: { 200: providerListSchema, ...errors },
      },
    },
    async (request) => offers.listProviders(request.actor),
  );

  app.get(
    '/api/v1/providers/:providerId/contacts',
    {
      config: read,
      schema: {
        tags: ['offers'],
        summary: "A provider's contact persons",
        params: providerParamsSchema,
        response: { 200: providerContactListSchema, ...errors },
      },
    },
    async (request) => offers.listContacts(request.actor, request.params.providerId),
  );

  app.post(
    '/api/v1/providers/:providerId/contacts',
    {
      config: { ...maintain, idempotency: 'optional' },
      schema: {
        tags: ['offers'],
        summary: 'Add a contact person (the provider’s own staff or the managing office)',
        params: providerParamsSchema,
        body: createProviderContactSchema,
        response: { 201: providerContactSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await offers.addContact(
        request.actor,
        request.params.providerId,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/v1/providers/:providerId/contacts/:contactId',
    {
      config: maintain,
      schema: {
        tags: ['offers'],
        summary: 'Change a contact person (If-Match)',
        params: contactParamsSchema,
        body: updateProviderContactSchema,
        response: { 200: providerContactSchema, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await offers.updateContact(
        request.actor,
        request.params.providerId,
        request.params.contactId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.delete(
    '/api/v1/providers/:providerId/contacts/:contactId',
    {
      config: maintain,
      schema: {
        tags: ['offers'],
        summary: 'Remove a contact person (If-Match)',
        params: contactParamsSchema,
        response: { 204: z.null(), ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      await offers.deleteContact(
        request.actor,
        request.params.providerId,
        request.params.contactId,
        version,
        requestMeta(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/offers',
    {
      config: read,
      schema: {
        tags: ['offers'],
        summary: 'The offer catalogue: search, filter, sort, page; with seats taken, free and waiting',
        querystring: listOffersQuerySchema,
        response: { 200: offerPageSchema, ...errors },
      },
    },
    async (request) => offers.listOffers(request.actor, request.query),
  );

  app.post(
    '/api/v1/offers',
    {
      config: { access: { action: 'create', resource: 'offer' }, idempotency: 'optional' },
      schema: {
        tags: ['offers'],
        summary: 'Add an offer to the catalogue (managing office; a provider’s staff for their own provider)',
        body: createOfferSchema,
        response: { 201: offerSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await offers.createOffer(request.actor, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/offers/:offerId',
    {
      config: read,
      schema: {
        tags: ['offers'],
        summary: 'One offer with its seats',
        params: offerParamsSchema,
        response: { 200: offerSchema, ...errors },
      },
    },
    async (request, reply) => {
      const offer = await offers.getOffer(request.actor, request.params.offerId);
      setEtag(reply, offer.version);
      return offer;
    },
  );

  app.patch(
    '/api/v1/offers/:offerId',
    {
      config: maintain,
      schema: {
        tags: ['offers'],
        summary: 'Change an offer (If-Match); capacity never below the active enrolments (409)',
        params: offerParamsSchema,
        body: updateOfferSchema,
        response: { 200: offerSchema, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await offers.updateOffer(
        request.actor,
        request.params.offerId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );
};
