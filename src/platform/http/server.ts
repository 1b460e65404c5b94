import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '../logger.ts';
import { AppError } from '../errors.ts';
import { answerFrameworkError, declareGenericProblems } from './generic-problems.ts';
import { installProblemHandlers, notFoundProblem, sendProblem } from './problem.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;
export const API_PREFIX = '/api';

export type HttpServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpServerOptions {
  logger: Logger;
  version: string;
  /** Number of trusted reverse-proxy hops; 0 = none. */
  trustProxy: number;
  /** Socket and request timeouts (config.http); the defaults are those of the configuration. */
  timeouts?: { requestTimeoutMs: number; connectionTimeoutMs: number; keepAliveTimeoutMs: number };
  /** Retry-After (seconds) of 503 problems for reached limits (config.overload.retryAfterSeconds). */
  retryAfterSeconds?: number;
  /** Serves the web app for browser navigation to paths that are not API routes. */
  spaFallback?: ((request: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>) | undefined;
}

// Incoming request ids are kept only when they look like ids (log injection safety).
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function isApiPath(url: string): boolean {
  return url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith(`${API_PREFIX}?`);
}

type OpenApiResponses = Record<string, { content?: Record<string, unknown> }>;

/**
 * Error answers are RFC 9457 problem details, sent as application/problem+json; the schema library declares every
 * response as application/json, so the document's error responses of the Problem schema are re-labelled to what is really sent (others, e.g. /readyz's 503, stay).
 */
export function declareProblemMediaType<T>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, { responses?: OpenApiResponses }>> }).paths;
  for (const operations of Object.values(paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json'] as { schema?: { $ref?: string } } | undefined;
        // Problem and its extensions (e.g. DuplicateCandidatesProblem) by their schema names.
        const isProblem = json?.schema?.$ref?.endsWith('Problem') ?? false;
        if (!/^[45]\d\d$/.test(status) || !response.content || !isProblem) continue;
        delete response.content['application/json'];
        response.content['application/problem+json'] = json;
      }
    }
  }
  return document;
}

export async function buildHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: BODY_LIMIT_BYTES,
    // Trust exactly the configured number of hops (what proxy-addr does for a number): the client address
    // is the entry that the outermost trusted proxy saw, whatever a client writes into X-Forwarded-For.
    trustProxy: options.trustProxy > 0 ? (_address: string, hop: number) => hop < options.trustProxy : false,
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // requestTimeout: the whole request (headers and body) must arrive within it (slow-client protection).
    // connectionTimeout: an inactive socket is closed; it also bounds a handler that never answers, which is
    // why the configuration keeps it above the pool-acquire plus statement timeouts.
    // keepAliveTimeout: longer than a proxy's upstream keepalive_timeout, so that the proxy closes an idle
    // connection first and never sends a request on one the app is closing.
    requestTimeout: options.timeouts?.requestTimeoutMs ?? 30_000,
    connectionTimeout: options.timeouts?.connectionTimeoutMs ?? 60_000,
    keepAliveTimeout: options.timeouts?.keepAliveTimeoutMs ?? 72_000,
    return503OnClosing: true,
    // Broken percent-encoding and overlong path parameters: problem+json like every other refusal.
    frameworkErrors: answerFrameworkError,
    routerOptions: { maxParamLength: 200 },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app, { retryAfterSeconds: options.retryAfterSeconds ?? 5 });
  // Before any route (and before swagger reads them): every route documents the generic refusals.
  app.addHook('onRoute', declareGenericProblems);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Unknown query parameters are an error, not silently ignored. Routes with a querystring schema
  // reject them through their strict schema; routes without one accept none.
  app.addHook('preValidation', async (request) => {
    const hasSchema = Boolean(request.routeOptions.schema?.querystring);
    const query = request.query as Record<string, unknown> | undefined;
    if (!hasSchema && query && Object.keys(query).length > 0 && request.routeOptions.url !== undefined) {
      throw new AppError('validation_failed', 'This endpoint takes no query parameters.', {
        fieldErrors: Object.keys(query).map((field) => ({
          in: 'querystring' as const,
          field,
          code: 'unrecognized_keys',
          message: 'Unknown query parameter',
        })),
      });
    }
  });

  // During a graceful shutdown, responses still in flight close their keep-alive connection, so that
  // close() does not wait for clients to hang up (Node closes only connections idle at that moment).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    const path = request.url.split('?', 1)[0] ?? '';
    if (isApiPath(path) || path === '/healthz' || path === '/readyz') {
      reply.header('cache-control', 'no-store');
    }
    if (request.protocol === 'https') {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
    return payload;
  });

  await app.register(helmet, {
    // HSTS only behind TLS (set above), never on plain-HTTP local installs.
    hsts: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'connect-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'img-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        // Mantine sets CSS variables through style attributes and elements.
        'style-src': ["'self'", "'unsafe-inline'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Durchstarten API',
        description:
          'Case management and funding administration for "Gemeinsam klappt\'s" and "Durchstarten in Ausbildung und Arbeit". ' +
          'Errors are RFC 9457 problem details (application/problem+json) with per-field errors.',
        version: options.version,
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) => declareProblemMediaType(jsonSchemaTransformObject(documentObject)),
  });
  await app.register(swaggerUi, {
    routePrefix: `${API_PREFIX}/docs`,
    // The plugin's default adds upgrade-insecure-requests, which breaks the docs on plain-HTTP local installs.
    staticCSP: true,
    transformStaticCSP: (header: string) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });

  app.setNotFoundHandler(async (request, reply) => {
    const browserNavigation =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !isApiPath(request.url) &&
      String(request.headers.accept ?? '').includes('text/html');
    if (browserNavigation && options.spaFallback) return options.spaFallback(request, reply);
    return sendProblem(reply, notFoundProblem(request));
  });

  return app;
}
