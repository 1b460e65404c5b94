// Where a request came from, for the audit log. Kept apart from the service, which never imports Fastify.
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { truncateUserAgent } from './audit.rules.ts';

export interface AuditRequestFacts {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** Client IP (proxy-aware per TRUST_PROXY; null unless it parses as an address), user agent (truncated), request id. */
export function auditRequest(request: FastifyRequest): AuditRequestFacts {
  const agent = request.headers['user-agent'];
  const ip = request.ip && isIP(request.ip) !== 0 ? request.ip : null;
  return {
    ip,
    userAgent: typeof agent === 'string' ? truncateUserAgent(agent) : null,
    requestId: request.id ? String(request.id).slice(0, 128) : null,
  };
}
