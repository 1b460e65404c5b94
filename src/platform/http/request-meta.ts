import type { FastifyRequest } from 'fastify';

/** Where a request came from, for the audit log: client IP (proxy-aware per TRUST_PROXY), user agent, request id. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip || null,
    userAgent: typeof agent === 'string' ? agent.slice(0, 300) : null,
    requestId: request.id,
  };
}
