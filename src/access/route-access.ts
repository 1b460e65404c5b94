// Every API route declares who may call it, in its Fastify route config:
//   config: { access: 'public' }                          – anyone (probes, login, status)
//   config: { access: 'authenticated' }                   – any signed-in user (own profile)
//   config: { access: { action: 'read', resource: 'user' } } – function level: some role of the
//        actor holds this permission; record-level checks follow in the service with `authorize`.
// The permission-matrix test reads these declarations from the route table.
import type { Action, Resource } from './access.rules.ts';

export type RouteAccess = 'public' | 'authenticated' | { action: Action; resource: Resource };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
