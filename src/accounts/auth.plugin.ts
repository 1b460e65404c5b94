// The authentication hook of every request: CSRF check, session cookie → request.authSession and
// request.actor, and enforcement of each route's `config.access` (see access/route-access.ts).
// Registered by the composition root before any route, so that it also refuses, at start-up, an API
// route that does not declare who may call it.
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mayEver, type Actor } from '../access/access.rules.ts';
import type { RouteAccess } from '../access/route-access.ts';
import { AppError } from '../platform/errors.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import type { AuthService, AuthSession } from './auth.service.ts';
import { csrfDecision } from './csrf.rules.ts';
import { clearSessionCookie, hasSessionCookie, readSessionToken } from './session-cookie.ts';
import type { SessionStage } from './session.rules.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is acting: set for fully signed-in sessions, null otherwise. */
    actor: Actor | null;
    /** The session of the request, in whatever stage of the login; null without one. */
    authSession: AuthSession | null;
  }
  interface FastifyInstance {
    /** Every route with its declared access, in registration order (for the permission-matrix test). */
    routeAccessTable: RouteAccessEntry[];
  }
  interface FastifyContextConfig {
    /** Login stages whose sessions may call the route; default: only fully signed-in (`active`). */
    sessionStages?: readonly SessionStage[];
  }
}

export const VERSIONED_API_PREFIX = '/api/v1/';

export interface RouteAccessEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  sessionStages: readonly SessionStage[];
}

/** Start-up check: every versioned API route declares its access. */
export function assertRouteDeclaresAccess(route: {
  url: string;
  method: string | string[];
  config?: { access?: RouteAccess };
}) {
  if (route.url.startsWith(VERSIONED_API_PREFIX) && route.config?.access === undefined) {
    const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
    throw new Error(
      `Route ${method} ${route.url} has no config.access: declare 'public', 'authenticated' or { action, resource }.`,
    );
  }
}

function stageProblem(stage: SessionStage): AppError {
  switch (stage) {
    case 'second_factor':
      return new AppError('second_factor_required', 'Enter the code of your authenticator app first.');
    case 'password_change':
      return new AppError('password_change_required', 'Choose your own password first.');
    case 'enrolment':
      return new AppError('second_factor_enrolment_required', 'Set up the second factor first.');
    case 'active':
      return new AppError('conflict', 'You are signed in already.');
  }
}

function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

export async function installAuthentication(app: FastifyInstance, options: { auth: AuthService }): Promise<void> {
  const { auth } = options;
  await app.register(cookie);
  app.decorateRequest('actor', null);
  app.decorateRequest('authSession', null);

  const table: RouteAccessEntry[] = [];
  app.decorate('routeAccessTable', table);
  app.addHook('onRoute', (route) => {
    assertRouteDeclaresAccess(route);
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      table.push({
        method,
        url: route.url,
        access: route.config?.access,
        sessionStages: route.config?.sessionStages ?? ['active'],
      });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const csrf = csrfDecision({
      method: request.method,
      secFetchSite: headerValue(request.headers['sec-fetch-site']),
      origin: headerValue(request.headers.origin),
      host: request.host,
      hasSessionCookie: hasSessionCookie(request),
    });
    if (!csrf.allowed) {
      request.log.warn({ reason: csrf.reason }, 'cross-site request refused');
      try {
        await auth.recordCrossSiteRefusal({ method: request.method, reason: csrf.reason }, requestMeta(request));
      } catch (error) {
        // The refusal stands even when the audit log cannot be written; the log line above remains.
        request.log.error({ err: error }, 'could not audit a refused cross-site request');
      }
      throw new AppError('forbidden', 'Cross-site request refused: the request does not come from this application.');
    }

    if (isApiRequest(request)) {
      const token = readSessionToken(request);
      // Only requests that need the session count as activity: the polling of public endpoints (status,
      // sign-in state) by an open tab must not keep an unattended session alive past its idle timeout.
      const touch = request.routeOptions.config.access !== undefined && request.routeOptions.config.access !== 'public';
      const resolved = token ? await auth.resolve(token, { touch }) : null;
      if (resolved) {
        request.authSession = resolved.session;
        request.actor = resolved.actor;
      } else if (hasSessionCookie(request)) {
        clearSessionCookie(request, reply);
      }
    }

    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const session = request.authSession;
    if (!session) throw new AppError('unauthenticated', 'Sign in first.');
    const stages = request.routeOptions.config.sessionStages ?? ['active'];
    if (!stages.includes(session.stage)) throw stageProblem(session.stage);
    if (access === 'authenticated') return;
    const actor = request.actor;
    if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
    if (!mayEver(actor, access.action, access.resource)) {
      await auth.recordDenial(
        actor,
        {
          action: access.action,
          resource: access.resource,
          route: `${request.method} ${request.routeOptions.url ?? ''}`,
        },
        requestMeta(request),
      );
      throw new AppError('forbidden', 'Your role does not allow this.');
    }
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
