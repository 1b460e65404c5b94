// Measure-career alerts and the municipality's rule settings over HTTP (docs/measure-careers.md).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import type { CareerAlertService } from './career-alert.service.ts';
import type { CareerSettingsService } from './career-settings.service.ts';
import {
  acknowledgeAlertSchema,
  alertListSchema,
  alertParamsSchema,
  alertSchema,
  alertSummaryQuerySchema,
  alertSummarySchema,
  careerSettingsSchema,
  careerSettingsStateSchema,
  caseloadAlertPageSchema,
  caseloadAlertsQuerySchema,
  dismissAlertSchema,
  participantAlertParamsSchema,
  participantAlertsQuerySchema,
} from './career.schema.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const recordErrors = { ...errors, 404: problemSchema };
const writeErrors = { ...recordErrors, 409: problemSchema, 412: problemSchema, 428: problemSchema };

export const careerRoutes: FastifyPluginAsyncZod<{
  alerts: CareerAlertService;
  settings: CareerSettingsService;
}> = async (app, { alerts, settings }) => {
  app.get(
    '/api/v1/participants/:id/alerts',
    {
      config: { access: { action: 'read', resource: 'alert' } },
      schema: {
        tags: ['careers'],
        summary: "A participant's measure-career alerts with the enrolments that triggered them",
        params: participantAlertParamsSchema,
        querystring: participantAlertsQuerySchema,
        response: { 200: alertListSchema, ...recordErrors },
      },
    },
    async (request) => alerts.listOfParticipant(request.actor, request.params.id, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/alerts',
    {
      config: { access: { action: 'read', resource: 'alert' } },
      schema: {
        tags: ['careers'],
        summary: 'Measure-career alerts of the people whose cases I work on (assigned, or of my teams)',
        querystring: caseloadAlertsQuerySchema,
        response: { 200: caseloadAlertPageSchema, ...errors },
      },
    },
    async (request) => alerts.caseload(request.actor, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/alerts/summary',
    {
      config: { access: { action: 'read', resource: 'aggregate' } },
      schema: {
        tags: ['careers'],
        summary: "Counts of the municipality's alerts by rule, state, provider and offer type (no personal data)",
        querystring: alertSummaryQuerySchema,
        response: { 200: alertSummarySchema, ...errors },
      },
    },
    async (request) => alerts.summary(request.actor, request.query),
  );

  app.post(
    '/api/v1/alerts/:alertId/acknowledge',
    {
      config: { access: { action: 'update', resource: 'alert' } },
      schema: {
        tags: ['careers'],
        summary: 'Acknowledge an alert with a plan (If-Match)',
        params: alertParamsSchema,
        body: acknowledgeAlertSchema,
        response: { 200: alertSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const alert = await alerts.acknowledge(
        request.actor,
        request.params.alertId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, alert.version);
      return alert;
    },
  );

  app.post(
    '/api/v1/alerts/:alertId/dismiss',
    {
      config: { access: { action: 'update', resource: 'alert' } },
      schema: {
        tags: ['careers'],
        summary: 'Dismiss an alert with a reason (If-Match); it is not raised again for the same pattern',
        params: alertParamsSchema,
        body: dismissAlertSchema,
        response: { 200: alertSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const alert = await alerts.dismiss(
        request.actor,
        request.params.alertId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, alert.version);
      return alert;
    },
  );

  app.get(
    '/api/v1/municipality-policy/careers',
    {
      config: { access: { action: 'read', resource: 'policy' } },
      schema: {
        tags: ['careers'],
        summary: 'The measure-career rule settings of your municipality (with the defaults)',
        response: { 200: careerSettingsStateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const state = await settings.get(request.actor, requestMeta(request));
      setEtag(reply, state.version);
      return state;
    },
  );

  app.put(
    '/api/v1/municipality-policy/careers',
    {
      config: { access: { action: 'update', resource: 'policy' } },
      schema: {
        tags: ['careers'],
        summary:
          'Replace the measure-career rule settings (If-Match; a threshold left out takes its default); the detector runs again',
        body: careerSettingsSchema,
        response: { 200: careerSettingsStateSchema, ...errors, 412: problemSchema, 428: problemSchema },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const state = await settings.update(request.actor, version, request.body, requestMeta(request));
      setEtag(reply, state.version);
      return state;
    },
  );
};
