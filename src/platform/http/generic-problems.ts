// Problems that any route can answer before its own code runs, made part of every route's contract:
// - Fastify's router refuses URLs with broken percent-encoding or an overlong path parameter itself, with
//   its own JSON (not problem+json) that echoes the URL; `answerFrameworkError` turns them into problems.
// - `declareGenericProblems` adds the statuses every route can give to its declared responses (and so to
//   the OpenAPI document), so that clients and the API fuzzer find each answer documented.
import type { FastifyError, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { problemFor, problemSchema, sendProblem } from './problem.ts';

export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path segment of the URL is too long.'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'The URL is not valid: a path segment has broken percent-encoding.'
        : 'The request could not be routed.';
  void sendProblem(reply, problemFor('bad_request', detail, request.id));
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Statuses a route gives whatever its handler does, by what the route accepts. */
export function genericStatuses(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): number[] {
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toUpperCase());
  // 400: unknown query parameters, broken URL encoding, overlong path segments.
  const statuses = [400];
  if (methods.some((method) => BODY_METHODS.has(method))) {
    // 403: a cross-site request refused (CSRF check); 413: body over the limit; 415: a body type not parsed.
    statuses.push(403, 413, 415);
  }
  // Idempotency-Key (platform/http/idempotency.ts): 409 while the first request runs, 422 for another payload.
  if (route.config?.idempotency) statuses.push(409, 422);
  return statuses;
}

/** onRoute hook: adds the generic problem statuses to a route's declared responses (keeping its own). */
export function declareGenericProblems(route: RouteOptions): void {
  const response = route.schema?.response as Record<string, unknown> | undefined;
  if (!route.schema || !response) return;
  const generic = Object.fromEntries(genericStatuses(route).map((status) => [status, problemSchema]));
  // A new object: routes may share one response map, and the statuses differ by method.
  route.schema.response = { ...generic, ...response };
}
