// Serves the built web app (dist/web) in production: hashed assets cached for a year, index.html never.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpServer } from './server.ts';

export function webAppAvailable(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}

export async function registerWebApp(app: HttpServer, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders(res, path) {
      if (path.includes(`${join('/', 'assets', '/')}`)) {
        res.header('cache-control', 'public, max-age=31536000, immutable');
      } else {
        res.header('cache-control', 'no-cache');
      }
    },
  });
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
}

function sendIndex(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').sendFile('index.html');
}

/** Browser navigation to any client-side route gets the app shell; the client router shows its 404. */
export function spaFallback(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendIndex(reply);
}
