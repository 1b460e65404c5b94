import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { cleanLine } from '../text.ts';

/** Where a request came from, for the audit log: client IP, user agent, request id. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export const USER_AGENT_MAX = 256;

/** Client IP (proxy-aware per TRUST_PROXY; null unless it parses as an address), user agent, request id. */
export function requestMeta(request: FastifyRequest): RequestMeta {
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip && isIP(request.ip) !== 0 ? request.ip : null,
    userAgent: typeof agent === 'string' ? cleanLine(agent, USER_AGENT_MAX) : null,
    requestId: request.id ? String(request.id).slice(0, 128) : null,
  };
}
